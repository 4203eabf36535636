#!/usr/bin/python3
"""Draws lecture 003's logistic data once, as the notes do in code, and writes it as the built-in `logistic` set.

x = 2000 evenly spaced points on [-1, 1]; y ~ Bernoulli(sigmoid(-1 + 5x)) after torch.manual_seed(43052).
Shipped as data (server/GradientWeb.Engine/Data/Files/logistic.csv) so it never changes; rerun only on purpose.
"""
import pathlib

import torch

torch.manual_seed(43052)
x = torch.linspace(-1, 1, 2000)
underlying = torch.sigmoid(-1 + 5 * x)
y = torch.bernoulli(underlying)
out = pathlib.Path(__file__).resolve().parents[2] / "server" / "GradientWeb.Engine" / "Data" / "Files" / "logistic.csv"
lines = ["x,underlying,y"] + [f"{a:.9g},{p:.9g},{b:.1f}" for a, p, b in zip(x.tolist(), underlying.tolist(), y.tolist())]
out.write_text("\n".join(lines) + "\n", encoding="utf-8")
print(f"wrote {len(lines) - 1} rows to {out}; mean y = {y.mean().item():.4f}")
