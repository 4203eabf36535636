#!/usr/bin/python3
"""Runs GradientWeb's jobs in real PyTorch and writes their per-epoch loss and weights as golden JSON.

Run with Debian's interpreter, which sees python3-torch:  /usr/bin/python3 tests/golden/make_golden.py
The engine tests (tests/GradientWeb.Engine.Tests/Golden) compare against the committed JSON, so CI needs no torch.
Record k is the state after k updates: (L(θk), θk); weights are [w0 (bias), w1, ...] like the API's paramNames.
"""
import json
import math
import pathlib
import re

import torch

ROOT = pathlib.Path(__file__).resolve().parents[2]
# The shared folder sits beside the repository (or beside a worktree's parent folder).
SHARED = next(p / "shared" for p in ROOT.parents if (p / "shared" / "seeds").is_dir())
SEED_000 = SHARED / "seeds" / "000_5d3b2c3c05ef00bb.txt"


def lecture_000_data():
    text = SEED_000.read_text(encoding="utf-8")
    temp = [float(v) for v in re.search(r"temp = \[(.*?)\]", text, re.S).group(1).replace("\n", " ").split(",")]
    sales = [float(v) for v in re.search(r"sales= \[(.*?)\]", text, re.S).group(1).replace("\n", " ").split(",")]
    return temp, sales


def logistic_data(n=200, seed=43052):
    # Lecture 003's model, y ~ Bernoulli(sigmoid(-1 + 5x)) on evenly spaced x; small n keeps the file small.
    g = torch.Generator().manual_seed(seed)
    x = torch.linspace(-1, 1, n)
    y = torch.bernoulli(torch.sigmoid(-1 + 5 * x), generator=g)
    return x.tolist(), y.tolist()


def sequential(case, d):
    """nn.Sequential from the API's layer list; weights from torch.manual_seed(seed), or set from the flat init in state_dict() order."""
    if "seed" in case:
        torch.manual_seed(case["seed"])
    modules, width = [], d
    for layer in case["layers"]:
        if isinstance(layer, dict):
            modules.append(torch.nn.Linear(width, layer["linear"]))
            width = layer["linear"]
        else:
            modules.append({"relu": torch.nn.ReLU(), "sigmoid": torch.nn.Sigmoid(), "tanh": torch.nn.Tanh(), "identity": torch.nn.Identity()}[layer])
    model = torch.nn.Sequential(*modules)
    if "init" in case:
        flat = torch.tensor(case["init"], dtype=torch.float32)
        offset = 0
        with torch.no_grad():
            for tensor in model.state_dict().values():
                tensor.copy_(flat[offset:offset + tensor.numel()].reshape(tensor.shape))
                offset += tensor.numel()
        assert offset == len(case["init"])
    return model, lambda: torch.cat([t.reshape(-1) for t in model.state_dict().values()]).tolist()


def csv_columns(name):
    import csv
    with open(SHARED / "datasets" / name, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {k: [float(r[k]) for r in rows] for k in rows[0]}


def optimizer_for(spec, params, lr):
    kind = spec["type"]
    opts = {k: v for k, v in spec.items() if k != "type"}
    rename = {"weightDecay": "weight_decay", "lrDecay": "lr_decay", "initialAccumulatorValue": "initial_accumulator_value"}
    opts = {rename.get(k, k): (tuple(v) if k == "betas" else v) for k, v in opts.items()}
    cls = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
           "rmsprop": torch.optim.RMSprop, "adagrad": torch.optim.Adagrad}[kind]
    return cls(params, lr=lr, **opts)


def preprocess(t, how):
    """The engine's preprocess: mean (and population std) in double, rounded to float, applied in float32."""
    if how == "none":
        return t
    wide = t.double()
    mean = wide.mean(dim=0).float()
    if how == "center":
        return t - mean
    return (t - mean) / wide.std(dim=0, unbiased=False).float()


def run_function(case):
    """Minimise an expression as the engine's function model does; the expression is trusted test input."""
    names = case["variables"]
    params = [torch.tensor(float(v), requires_grad=True) for v in case["init"]]
    scope = dict(zip(names, params), exp=torch.exp, log=torch.log, sqrt=torch.sqrt, sin=torch.sin, cos=torch.cos,
                 tanh=torch.tanh, sigmoid=torch.sigmoid, abs=torch.abs)
    source = case["expression"].replace("^", "**")
    opt = optimizer_for(case["optimizer"], params, case["lr"])
    losses, weights = [], []
    for _ in range(case["epochs"]):
        opt.zero_grad()
        loss = eval(source, {"__builtins__": {}}, scope)  # noqa: S307 - fixed expressions written below
        losses.append(loss.item())
        weights.append([p.item() for p in params])
        if not math.isfinite(losses[-1]):
            break
        loss.backward()
        opt.step()
    else:
        with torch.no_grad():
            losses.append(eval(source, {"__builtins__": {}}, scope).item())
            weights.append([p.item() for p in params])
    return dict(case, losses=losses, weights=weights)


def case_tensors(case):
    """x (rows × features) and y (rows × 1), preprocessed as the engine does (class labels never scaled)."""
    x = torch.tensor(case["x"], dtype=torch.float32).reshape(len(case["x"]), -1)
    y = torch.tensor(case["y"], dtype=torch.float32).reshape(-1, 1)
    how = case.get("preprocess", "none")
    x = preprocess(x, how)
    if case["loss"] != "bce":
        y = preprocess(y, how)
    return x, y


def run(case):
    if case["model"] == "function":
        return run_function(case)
    if "batch" in case or "validation" in case:
        return run_loader(case)
    x, y = case_tensors(case)
    model, flat_weights = build_model(case, x.shape[1])
    loss_fn = lambda yhat: loss_between(case["loss"], yhat, y)  # noqa: E731
    opt = optimizer_for(case["optimizer"], model.parameters(), case["lr"])
    losses, weights = [], []

    def record(loss):
        losses.append(loss)
        weights.append(flat_weights())

    for _ in range(case["epochs"]):
        opt.zero_grad()
        loss = loss_fn(model(x))
        record(loss.item())
        if not math.isfinite(losses[-1]):
            break
        loss.backward()
        opt.step()
    else:
        with torch.no_grad():
            record(loss_fn(model(x)).item())
    return dict(case, losses=losses, weights=weights)


def build_model(case, d):
    if case["model"] == "mlp":
        return sequential(case, d)
    if "seed" in case:
        torch.manual_seed(case["seed"])
    linear = torch.nn.Linear(d, 1)
    if "init" in case:
        with torch.no_grad():
            linear.bias.copy_(torch.tensor(case["init"][:1]))
            linear.weight.copy_(torch.tensor([case["init"][1:]]))
    model = torch.nn.Sequential(linear, torch.nn.Sigmoid()) if case["model"] == "logistic" else linear
    return model, lambda: [linear.bias.item()] + linear.weight.reshape(-1).tolist()


def loss_between(kind, yhat, y):
    return {
        "sse": lambda: torch.sum((y - yhat) ** 2),
        "mse": lambda: torch.nn.functional.mse_loss(yhat, y),
        "bce": lambda: torch.nn.functional.binary_cross_entropy(yhat, y),
    }[kind]()


def metric(kind, yhat, y):
    """accuracy_score at 0.5 for bce, r2_score otherwise, by hand in double."""
    if kind == "bce":
        return ((yhat > 0.5).float() == y).double().mean().item()
    yd, pd = y.double(), yhat.double()
    total = ((yd - yd.mean()) ** 2).sum().item()
    residual = ((yd - pd) ** 2).sum().item()
    return (1.0 if residual == 0 else 0.0) if total == 0 else 1 - residual / total


def run_loader(case):
    """A student's notebook loop: random_split, DataLoader(shuffle, generator, drop_last), zero → forward → loss →
    backward → step per batch. Record k: θ after k epochs and the loss on every training row (and held-out row)."""
    from torch.utils.data import DataLoader, TensorDataset, random_split
    x, y = case_tensors(case)
    dataset = TensorDataset(x, y, torch.arange(len(y)))
    out = dict(case)
    if "validation" in case:
        v = case["validation"]
        train_set, held_set = random_split(dataset, [1 - v["fraction"], v["fraction"]],
                                           generator=torch.Generator().manual_seed(v["seed"]))
        out["trainRows"], out["validationRows"] = list(train_set.indices), list(held_set.indices)
        xv, yv = x[out["validationRows"]], y[out["validationRows"]]
    else:
        train_set, xv, yv = dataset, None, None
    rows = out.get("trainRows", list(range(len(y))))
    xt, yt = x[rows], y[rows]
    b = case.get("batch", {"size": len(rows), "shuffle": False, "seed": 0, "dropLast": False})
    loader = DataLoader(train_set, batch_size=b["size"], shuffle=b["shuffle"],
                        generator=torch.Generator().manual_seed(b["seed"]), drop_last=b["dropLast"])
    model, flat_weights = build_model(case, x.shape[1])
    opt = optimizer_for(case["optimizer"], model.parameters(), case["lr"])
    losses, weights, metrics, val_losses, val_metrics, batches, step_losses = [], [], [], [], [], [], []

    def record():
        with torch.no_grad():
            yhat = model(xt)
            losses.append(loss_between(case["loss"], yhat, yt).item())
            metrics.append(metric(case["loss"], yhat, yt))
            if xv is not None:
                yhat_v = model(xv)
                val_losses.append(loss_between(case["loss"], yhat_v, yv).item())
                val_metrics.append(metric(case["loss"], yhat_v, yv))
        weights.append(flat_weights())

    record()
    for epoch in range(case["epochs"]):
        if not math.isfinite(losses[-1]):
            break
        order, batch_losses = [], []
        for xb, yb, ib in loader:
            opt.zero_grad()
            loss = loss_between(case["loss"], model(xb), yb)
            batch_losses.append(loss.item())
            loss.backward()
            opt.step()
            order.append(ib.tolist())
        if epoch < 3:
            batches.append(order)
            step_losses.append(batch_losses)
        record()
    out.update(losses=losses, weights=weights, metrics=metrics, batches=batches, stepLosses=step_losses)
    if xv is not None:
        out.update(validationLosses=val_losses, validationMetrics=val_metrics)
    return out


def loader_cases(regression, logistic, d0, relu_net, init_relu):
    """DataLoader trajectories: shuffle on and off, drop_last, batch size 1, an uneven last batch, a validation split."""
    sgd, momentum, adam = {"type": "sgd"}, {"type": "sgd", "momentum": 0.9}, {"type": "adam"}
    for opt, lr in [(sgd, 0.01), (momentum, 0.002), (adam, 0.1)]:
        # 100 rows in batches of 16: six full batches and one of 4.
        yield dict(regression, name=f"loader-icecream-linear-mse-b16-shuffle-{opt['type']}{'-momentum' if 'momentum' in opt else ''}",
                   loss="mse", optimizer=opt, lr=lr, epochs=40, batch={"size": 16, "shuffle": True, "seed": 0, "dropLast": False})
        yield dict(logistic, name=f"loader-logistic-bce-b32-shuffle-{opt['type']}{'-momentum' if 'momentum' in opt else ''}",
                   loss="bce", optimizer=opt, lr=lr * 10 if opt is not adam else lr, epochs=40,
                   batch={"size": 32, "shuffle": True, "seed": 7, "dropLast": False})
        yield dict(x=d0["x"], y=d0["y"], model="mlp", layers=relu_net, init=init_relu, epochs=15,
                   name=f"loader-dnnex0-mlp-bce-b64-shuffle-{opt['type']}{'-momentum' if 'momentum' in opt else ''}",
                   loss="bce", optimizer=opt, lr=lr * 20 if opt is not adam else lr, batch={"size": 64, "shuffle": True, "seed": 1, "dropLast": False})
    yield dict(regression, name="loader-icecream-linear-sse-b10-no-shuffle", loss="sse", optimizer=sgd, lr=0.001, epochs=40,
               batch={"size": 10, "shuffle": False, "seed": 0, "dropLast": False})
    yield dict(regression, name="loader-icecream-linear-mse-b16-droplast", loss="mse", optimizer=momentum, lr=0.002, epochs=40,
               batch={"size": 16, "shuffle": True, "seed": 3, "dropLast": True})
    yield dict(regression, name="loader-icecream-linear-mse-b1", loss="mse", optimizer=sgd, lr=0.001, epochs=10,
               batch={"size": 1, "shuffle": True, "seed": 42, "dropLast": False})
    yield dict(logistic, name="loader-logistic-bce-b1-adam", loss="bce", optimizer=adam, lr=0.01, epochs=5,
               batch={"size": 1, "shuffle": True, "seed": 5, "dropLast": False})
    yield dict(logistic, name="loader-logistic-bce-b64-droplast-momentum-validation", loss="bce", optimizer=momentum, lr=0.05,
               epochs=40, batch={"size": 64, "shuffle": True, "seed": 11, "dropLast": True}, validation={"fraction": 0.2, "seed": 2})
    yield dict(regression, name="loader-icecream-standardize-mse-b8-adam-validation", preprocess="standardize", loss="mse",
               optimizer=adam, lr=0.05, epochs=30, batch={"size": 8, "shuffle": True, "seed": 9, "dropLast": False},
               validation={"fraction": 0.3, "seed": 4})
    yield dict(x=d0["x"], y=d0["y"], model="mlp", layers=relu_net, seed=43052, epochs=10,
               name="loader-dnnex0-mlp-bce-b100-no-shuffle-validation-sgd", loss="bce", optimizer=sgd, lr=0.5,
               batch={"size": 100, "shuffle": False, "seed": 0, "dropLast": False}, validation={"fraction": 0.25, "seed": 0})
    # Validation alone: full-batch gradient descent on the training rows.
    yield dict(regression, name="loader-icecream-linear-sse-full-batch-validation", loss="sse", optimizer=sgd, lr=0.001,
               epochs=40, validation={"fraction": 0.2, "seed": 0})


def finite_or_string(v):
    # JSON has no NaN or infinity: write them as the API does, as the strings "NaN", "Infinity", "-Infinity".
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    if isinstance(v, list):
        return [finite_or_string(e) for e in v]
    if isinstance(v, dict):
        return {k: finite_or_string(e) for k, e in v.items()}
    return v


def cases():
    temp, sales = lecture_000_data()
    lx, ly = logistic_data()
    regression = dict(x=temp, y=sales, model="linear", init=[-5.0, 10.0], epochs=200)
    logistic = dict(x=lx, y=ly, model="logistic", init=[-1.5, 0.5], epochs=200)
    optimizers = [
        ({"type": "sgd"}, 0.001, 0.1),
        ({"type": "sgd", "momentum": 0.9}, 0.0005, 0.1),
        ({"type": "sgd", "momentum": 0.9, "nesterov": True}, 0.0005, 0.1),
        ({"type": "sgd", "momentum": 0.5, "dampening": 0.3, "weightDecay": 0.01}, 0.001, 0.1),
        ({"type": "adam"}, 0.1, 0.1),
        ({"type": "adam", "betas": [0.8, 0.99], "eps": 1e-6, "weightDecay": 0.01, "amsgrad": True}, 0.1, 0.1),
        ({"type": "adamw"}, 0.1, 0.1),
        ({"type": "rmsprop"}, 0.01, 0.01),
        ({"type": "rmsprop", "alpha": 0.9, "momentum": 0.5, "weightDecay": 0.01}, 0.01, 0.01),
        ({"type": "rmsprop", "centered": True}, 0.01, 0.01),
        ({"type": "adagrad"}, 0.5, 0.5),
        ({"type": "adagrad", "lrDecay": 0.01, "initialAccumulatorValue": 0.1, "weightDecay": 0.01}, 0.5, 0.5),
    ]
    for opt, lr_sse, lr_mean in optimizers:
        label = "-".join(f"{k}={v}" for k, v in opt.items() if k != "type")
        name = opt["type"] + (f"({label})" if label else "")
        yield dict(regression, name=f"icecream-linear-sse-{name}", loss="sse", optimizer=opt, lr=lr_sse)
        yield dict(regression, name=f"icecream-linear-mse-{name}", loss="mse", optimizer=opt, lr=lr_mean)
        # RMSprop's steps are ≈ lr·sign(g): at 0.1 it rattles around the optimum, where the sign of a near-zero
        # gradient (equal to float32 precision, not to the bit) picks the path. 0.01 keeps the case well-posed.
        lr_logistic = lr_mean if opt["type"] == "rmsprop" else lr_mean * 10
        # RMSprop with momentum reaches the logistic optimum by epoch ~150 and then rattles on the sign of a
        # near-zero gradient; the last bits of float32 sigmoid/log (PyTorch's Sleef vs .NET) then pick the path,
        # so that pair is not comparable at 1e-4. The icecream cases cover those options.
        if opt["type"] == "rmsprop" and opt.get("momentum"):
            continue
        yield dict(logistic, name=f"logistic-bce-{name}", loss="bce", optimizer=opt, lr=lr_logistic)
        yield dict(logistic, name=f"logistic-mse-{name}", loss="mse", optimizer=opt, lr=lr_logistic)
    # Lecture 003's DNN: Linear(1,2) → ReLU → Linear(2,1) → Sigmoid on dnnex0 with BCE, and a tanh net on dnnex2.
    d0, d2 = csv_columns("dnnex0.csv"), csv_columns("dnnex2.csv")
    relu_net = [{"linear": 2}, "relu", {"linear": 1}, "sigmoid"]
    init_relu = [-0.3, 0.8, 0.1, -0.2, 0.6, -0.7, 0.05]
    for opt, lr in [({"type": "adam"}, 0.1), ({"type": "sgd", "momentum": 0.9}, 0.5)]:
        yield dict(x=d0["x"], y=d0["y"], model="mlp", layers=relu_net, init=init_relu, epochs=200,
                   name=f"dnnex0-mlp-relu-bce-{opt['type']}", loss="bce", optimizer=opt, lr=lr)
    tanh_net = [{"linear": 3}, "tanh", {"linear": 1}, "identity"]
    init_tanh = [0.5, -0.4, 0.3, 0.1, 0.2, -0.1, 0.7, -0.6, 0.4, 0.0]
    yield dict(x=d2["x"], y=d2["y"], model="mlp", layers=tanh_net, init=init_tanh, epochs=200,
               name="dnnex2-mlp-tanh-mse-adam", loss="mse", optimizer={"type": "adam"}, lr=0.05)
    # init.seed: PyTorch's own nn.Linear init after torch.manual_seed (lecture 003 uses 43052).
    yield dict(logistic, name="logistic-bce-adam-seed43052", init=None, seed=43052, loss="bce", optimizer={"type": "adam"}, lr=0.05)
    yield dict(x=d0["x"], y=d0["y"], model="mlp", layers=relu_net, seed=43052, epochs=200,
               name="dnnex0-mlp-relu-bce-adam-seed43052", loss="bce", optimizer={"type": "adam"}, lr=0.1)
    # dnnex3's 8-unit net uses SGD with momentum: with Adam, a weight whose gradient is ~0 (a nearly dead ReLU)
    # gets steps of lr·m̂/√v̂ built from float32 rounding noise and drifts 2e-4 from PyTorch by epoch 147.
    d3 = csv_columns("dnnex3.csv")
    rows3 = [list(r) for r in zip(d3["x1"], d3["x2"])]
    yield dict(x=rows3, y=d3["y"], model="mlp", layers=[{"linear": 8}, "relu", {"linear": 1}, "sigmoid"], seed=7,
               epochs=200, name="dnnex3-two-features-mlp-seed7", loss="bce", optimizer={"type": "sgd", "momentum": 0.9}, lr=0.5)
    yield dict(x=rows3, y=d3["y"], model="logistic", seed=3, epochs=200,
               name="dnnex3-two-features-logistic-seed3", loss="bce", optimizer={"type": "sgd"}, lr=1.0)
    yield dict(x=list(range(1, 31)), y=[2 * v + 1 + ((v * 7) % 5 - 2) for v in range(1, 31)], model="linear", seed=0,
               epochs=200, name="linear-seed0-mse", loss="mse", optimizer={"type": "sgd"}, lr=0.001)
    # Lecture 002: height/weight centred, W = B = 1, lr 0.001, 500 epochs (13.3520 → 4.6796), and with momentum.
    hx, hy = [166.0, 176.0, 171.0, 173.0, 169.0], [58.7, 75.7, 62.1, 70.4, 60.1]
    hw = dict(x=hx, y=hy, model="linear", init=[1.0, 1.0], epochs=500, loss="mse", lr=0.001)
    yield dict(hw, name="lecture002-heightweight-center-sgd", preprocess="center", optimizer={"type": "sgd"})
    yield dict(hw, name="lecture002-heightweight-center-momentum", preprocess="center", optimizer={"type": "sgd", "momentum": 0.9})
    yield dict(regression, name="icecream-standardize-adam", preprocess="standardize", loss="mse", optimizer={"type": "adam"}, lr=0.05)
    # Functions (lectures 002, 004) under every optimizer type, and the mlp under the ones above did not cover.
    quadratic = dict(model="function", expression="3*u^2 + 3*v^2 - u*v + 7*u - 7*v + 10", variables=["u", "v"],
                     init=[4.0, 4.0], epochs=200, x=[], y=[], loss="none")
    beta = dict(model="function", expression="(b/2 - 1)^2", variables=["b"], init=[-10.0], epochs=200, x=[], y=[], loss="none")
    for opt, lr in [({"type": "sgd"}, 0.05), ({"type": "sgd", "momentum": 0.9}, 0.05), ({"type": "adam"}, 0.1),
                    ({"type": "adamw"}, 0.1), ({"type": "rmsprop"}, 0.01), ({"type": "adagrad"}, 0.5)]:
        yield dict(quadratic, name=f"function-lecture002-{opt['type']}{'-momentum' if 'momentum' in opt else ''}", optimizer=opt, lr=lr)
    yield dict(beta, name="function-lecture004-lr3.9-zigzag", optimizer={"type": "sgd"}, lr=3.9, epochs=100)
    yield dict(beta, name="function-lecture004-lr0.1", optimizer={"type": "sgd"}, lr=0.1, epochs=100)
    # Every built-in function under plain SGD: under Adam the last-bit differences of float32 exp/log/sin (Sleef in
    # PyTorch, .NET's own here) steer m̂/√v̂ near the optimum and drift 1e-4 by epoch 148.
    yield dict(model="function", expression="sigmoid(a)*exp(-b^2/4) + log(1 + abs(a - b)) + sqrt(1 + sin(a)^2) - cos(b)/2 + tanh(a*b)/3",
               variables=["a", "b"], init=[0.5, -1.5], epochs=200, x=[], y=[], loss="none",
               name="function-every-builtin-sgd", optimizer={"type": "sgd"}, lr=0.1)
    for opt, lr in [({"type": "rmsprop"}, 0.01), ({"type": "adagrad"}, 0.5), ({"type": "adamw"}, 0.1)]:
        yield dict(x=d0["x"], y=d0["y"], model="mlp", layers=relu_net, init=init_relu, epochs=200,
                   name=f"dnnex0-mlp-relu-bce-{opt['type']}", loss="bce", optimizer=opt, lr=lr)
    yield dict(x=d2["x"], y=d2["y"], model="mlp", layers=[{"linear": 4}, "sigmoid", {"linear": 1}], seed=1, epochs=200,
               name="dnnex2-mlp-sigmoid-sse-sgd", loss="sse", optimizer={"type": "sgd"}, lr=0.0005)
    yield from loader_cases(regression, logistic, d0, relu_net, init_relu)
    # Lecture 000's printed table and its divergent learning rate.
    yield dict(regression, name="lecture000-table", loss="sse", optimizer={"type": "sgd"}, lr=0.001, epochs=30)
    yield dict(regression, name="lecture000-lr0.01-diverges", loss="sse", optimizer={"type": "sgd"}, lr=0.01, epochs=200)


if __name__ == "__main__":
    torch.set_num_threads(1)
    all_cases = [{k: v for k, v in c.items() if v is not None} for c in cases()]
    out = finite_or_string({"torch": torch.__version__, "cases": [run(c) for c in all_cases]})
    path = pathlib.Path(__file__).with_name("engine-golden.json")
    path.write_text(json.dumps(out, allow_nan=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(out['cases'])} cases to {path}")
