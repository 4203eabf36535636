#!/usr/bin/python3
"""Writes tests/golden/kernel-golden.json: torch.sigmoid's and torch.exp's float32 results, bit for bit, for shapes
whose element counts leave ATen's vectorised loop a scalar tail (numel % 16) or none, one column and several, and
inputs from the flat ends of both functions to their overflow. LossKernelTests-style kernel tests compare the engine's
kernels against these bits, so CI needs no torch.

Run with Debian's interpreter, which sees python3-torch:  /usr/bin/python3 tests/golden/make_kernel_golden.py
"""
import json
import pathlib

import numpy as np
import torch

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHAPES = [(2000, 1), (2003, 1), (37, 1), (37, 3), (5, 5), (1, 1), (8, 2), (64, 2)]


def bits(t):
    return t.contiguous().view(torch.int32).flatten().tolist()


def main():
    torch.set_num_threads(1)
    rng = np.random.default_rng(19)
    cases = []
    for rows, cols in SHAPES:
        n = rows * cols
        # Most rows where a network's pre-activations live, some across the whole range up to exp's overflow.
        x = np.where(rng.random(n) < 0.8, rng.normal(0, 4, n), rng.uniform(-110, 100, n)).astype(np.float32)
        x = torch.from_numpy(x.reshape(rows, cols))
        cases.append({"rows": rows, "cols": cols, "x": bits(x), "sigmoid": bits(torch.sigmoid(x)), "exp": bits(torch.exp(x))})

    out = ROOT / "tests" / "golden" / "kernel-golden.json"
    out.write_text(json.dumps({"torch": torch.__version__, "cases": cases}) + "\n", encoding="utf-8")
    print(f"wrote {out} ({sum(c['rows'] * c['cols'] for c in cases)} values)")


if __name__ == "__main__":
    main()
