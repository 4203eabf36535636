using System.Globalization;
using System.Text;
using GradientWeb.Engine.Data;
using GradientWeb.Engine.Expressions;
using GradientWeb.Engine.Losses;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Jobs;

namespace GradientWeb.Server.Exports;

/// <summary>
/// <c>/jobs/{id}/script.py</c>: the job as a plain PyTorch program (data, preprocessing, model, init, loss, optimizer,
/// the zero → forward → loss → backward → step loop) that prints the same table as <c>history.csv</c>. Written by
/// hand rather than templated: each part is a few lines chosen by the job's settings.
/// </summary>
public static class PyTorchScript
{
    public static string Write(Job job)
    {
        var spec = job.Spec;
        var py = new StringBuilder();
        Header(py, job);
        if (spec.Model.Type == ModelKind.Function)
        {
            Function(py, spec, job.ParamNames);
        }
        else
        {
            Data(py, spec.Data!, spec.Preprocess, scaleY: spec.Loss != LossKind.Bce);
            Model(py, spec, spec.Data!.Features);
            py.AppendLine(spec.Loss switch
            {
                LossKind.Sse => "loss_fn = lambda yhat, y: torch.sum((y - yhat) ** 2)  # lecture 000's sum of squared errors",
                LossKind.Mse => "loss_fn = torch.nn.MSELoss()",
                _ => "loss_fn = torch.nn.BCELoss()",
            });
            Split(py, spec);
            py.AppendLine();
        }

        Optimizer(py, spec);
        Table(py, job.ParamNames, spec.Validation is not null);
        if (spec.Batch is null)
        {
            Loop(py);
        }
        else
        {
            BatchLoop(py);
        }

        return py.ToString();
    }

    private static void Header(StringBuilder py, Job job)
    {
        py.AppendLine("#!/usr/bin/env python3");
        py.AppendLine(CultureInfo.InvariantCulture, $"\"\"\"GradientWeb job {job.Id}, reproduced in PyTorch.");
        py.AppendLine();
        py.AppendLine("Prints the same table as the job's history.csv: epoch, loss, then each weight. Record k is the state");
        py.AppendLine("after k updates, so the loss is printed before each step and once more after the last one.");
        py.AppendLine(CultureInfo.InvariantCulture, $"Run it with any Python that has torch and numpy:  python3 {FileName(job)}");
        py.AppendLine("\"\"\"");
        py.AppendLine("import csv");
        py.AppendLine("import math");
        py.AppendLine("import sys");
        py.AppendLine();
        py.AppendLine("import numpy as np");
        py.AppendLine("import torch");
        py.AppendLine();
    }

    public static string FileName(Job job) => $"gradientweb-{job.Id}.py";

    private static void Data(StringBuilder py, DataSet data, Preprocess preprocess, bool scaleY)
    {
        py.AppendLine(CultureInfo.InvariantCulture, $"# Data: {OneLine(data.Name)}, {data.Rows} rows, x = {string.Join(", ", data.XColumns.Select(OneLine))}, y = {OneLine(data.YColumn)}.");
        if (data.Features == 1)
        {
            py.AppendLine(CultureInfo.InvariantCulture, $"x = torch.tensor({List(data.X[0])}).reshape(-1, 1)");
        }
        else
        {
            var rows = Enumerable.Range(0, data.Rows).Select(i => "[" + string.Join(", ", data.X.Select(column => Number(column[i]))) + "]");
            py.AppendLine(CultureInfo.InvariantCulture, $"x = torch.tensor([{string.Join(", ", rows)}])");
        }

        py.AppendLine(CultureInfo.InvariantCulture, $"y = torch.tensor({List(data.Y)}).reshape(-1, 1)");
        if (preprocess != Preprocess.None)
        {
            // The engine's means (and standard deviations) are taken in float64 and rounded to float32.
            py.AppendLine();
            py.AppendLine(preprocess == Preprocess.Center
                ? "def preprocess(t):  # x - x.mean(), the mean taken in float64 and rounded to float32 as GradientWeb does\n    return t - t.double().mean(dim=0).float()"
                : "def preprocess(t):  # (x - mean) / std (population), both taken in float64 and rounded to float32\n    wide = t.double()\n    return (t - wide.mean(dim=0).float()) / wide.std(dim=0, unbiased=False).float()");
            py.AppendLine();
            py.AppendLine("x = preprocess(x)");
            py.AppendLine(scaleY ? "y = preprocess(y)" : "# y holds class labels 0/1: left as it is");
        }

        py.AppendLine();
    }

    private static void Model(StringBuilder py, TrainingSpec spec, int features)
    {
        if (spec.InitSeed is { } seed)
        {
            py.AppendLine(CultureInfo.InvariantCulture, $"torch.manual_seed({seed})  # the initial weights are PyTorch's own init after this seed");
        }

        if (spec.Model.Type == ModelKind.Mlp)
        {
            var width = features;
            var layers = new List<string>();
            foreach (var layer in spec.Model.Layers!)
            {
                if (layer.Kind == "linear")
                {
                    layers.Add($"torch.nn.Linear({width}, {layer.Units})");
                    width = layer.Units;
                }
                else
                {
                    layers.Add($"torch.nn.{ActivationModule(layer.Kind)}()");
                }
            }

            py.AppendLine(CultureInfo.InvariantCulture, $"model = torch.nn.Sequential(\n    {string.Join(",\n    ", layers)},\n)");
            if (spec.InitSeed is null)
            {
                py.AppendLine(CultureInfo.InvariantCulture, $"init = torch.tensor({List(InitialWeights(spec, CountWeights(spec.Model.Layers!, features)))})  # in state_dict() order");
                py.AppendLine("with torch.no_grad():");
                py.AppendLine("    offset = 0");
                py.AppendLine("    for tensor in model.state_dict().values():");
                py.AppendLine("        tensor.copy_(init[offset:offset + tensor.numel()].reshape(tensor.shape))");
                py.AppendLine("        offset += tensor.numel()");
            }

            py.AppendLine();
            py.AppendLine("def weights():  # state_dict() order: each layer's weight (row by row), then its bias");
            py.AppendLine("    return [v for t in model.state_dict().values() for v in t.reshape(-1).tolist()]");
        }
        else
        {
            py.AppendLine(CultureInfo.InvariantCulture, $"linear = torch.nn.Linear({features}, 1)");
            py.AppendLine(spec.Model.Type == ModelKind.Logistic ? "model = torch.nn.Sequential(linear, torch.nn.Sigmoid())" : "model = linear");
            if (spec.InitSeed is null)
            {
                var init = InitialWeights(spec, features + 1);
                py.AppendLine("with torch.no_grad():");
                py.AppendLine(CultureInfo.InvariantCulture, $"    linear.bias.copy_(torch.tensor({List(init[..1])}))");
                py.AppendLine(CultureInfo.InvariantCulture, $"    linear.weight.copy_(torch.tensor([{List(init[1..])}]))");
            }

            py.AppendLine();
            py.AppendLine("def weights():  # [w0 (the bias), w1, ...]");
            py.AppendLine("    return [linear.bias.item()] + linear.weight.reshape(-1).tolist()");
        }

        py.AppendLine();
    }

    private static void Function(StringBuilder py, TrainingSpec spec, IReadOnlyList<string> names)
    {
        var (tree, _) = ExpressionParser.Parse(spec.Model.Expression!);
        var python = PythonNames(names);
        py.AppendLine("# The function to minimise; its variables are the weights.");
        if (spec.InitSeed is { } seed)
        {
            py.AppendLine(CultureInfo.InvariantCulture, $"torch.manual_seed({seed})");
            py.AppendLine(CultureInfo.InvariantCulture, $"start = torch.empty({names.Count}).uniform_(-1, 1).tolist()");
        }
        else
        {
            py.AppendLine(CultureInfo.InvariantCulture, $"start = {List(InitialWeights(spec, names.Count))}");
        }

        for (var i = 0; i < names.Count; i++)
        {
            py.AppendLine(CultureInfo.InvariantCulture, $"{python[names[i]]} = torch.tensor(start[{i}], requires_grad=True)");
        }

        py.AppendLine(CultureInfo.InvariantCulture, $"params = [{string.Join(", ", names.Select(n => python[n]))}]");
        py.AppendLine();
        py.AppendLine(CultureInfo.InvariantCulture, $"def compute_loss():  # {OneLine(spec.Model.Expression!)}");
        py.AppendLine(CultureInfo.InvariantCulture, $"    return {PythonExpression.Write(tree, python)}");
        py.AppendLine();
        py.AppendLine("def weights():");
        py.AppendLine("    return [p.item() for p in params]");
        py.AppendLine();
    }

    private static void Optimizer(StringBuilder py, TrainingSpec spec)
    {
        var o = spec.Optimizer;
        var options = new List<string> { $"lr={Number(spec.Lr)}" };
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                options.Add($"{name}={Value(value)}");
            }
        }

        Add("momentum", o.Momentum);
        Add("dampening", o.Dampening);
        Add("nesterov", o.Nesterov);
        Add("alpha", o.Alpha);
        Add("betas", o.Betas);
        Add("eps", o.Eps);
        Add("centered", o.Centered);
        Add("lr_decay", o.LrDecay);
        Add("initial_accumulator_value", o.InitialAccumulatorValue);
        Add("weight_decay", o.WeightDecay);
        Add("amsgrad", o.Amsgrad);
        var type = o.Type switch { "sgd" => "SGD", "adam" => "Adam", "adamw" => "AdamW", "rmsprop" => "RMSprop", _ => "Adagrad" };
        var parameters = spec.Model.Type == ModelKind.Function ? "params" : "model.parameters()";
        py.AppendLine(CultureInfo.InvariantCulture, $"optimizer = torch.optim.{type}({parameters}, {string.Join(", ", options)})");
        py.AppendLine(CultureInfo.InvariantCulture, $"EPOCHS = {spec.Epochs}");
        py.AppendLine();
    }

    // random_split and DataLoader as a notebook writes them; the recorded loss is on every training row.
    private static void Split(StringBuilder py, TrainingSpec spec)
    {
        if (spec.Validation is null && spec.Batch is null)
        {
            py.AppendLine("compute_loss = lambda: loss_fn(model(x), y)");
            return;
        }

        py.AppendLine();
        py.AppendLine("from torch.utils.data import DataLoader, TensorDataset, random_split");
        py.AppendLine();
        py.AppendLine("dataset = TensorDataset(x, y)");
        if (spec.Validation is { } v)
        {
            var f = Number(v.Fraction);
            py.AppendLine(CultureInfo.InvariantCulture, $"train_set, validation_set = random_split(dataset, [1 - {f}, {f}], generator=torch.Generator().manual_seed({v.Seed}))");
            py.AppendLine("x_train, y_train = x[train_set.indices], y[train_set.indices]");
            py.AppendLine("x_val, y_val = x[validation_set.indices], y[validation_set.indices]");
            py.AppendLine();
            py.AppendLine("def validation():  # the held-out loss, never trained on");
            py.AppendLine("    with torch.no_grad():");
            py.AppendLine("        return [f32(loss_fn(model(x_val), y_val).item())]");
        }
        else
        {
            py.AppendLine("train_set, x_train, y_train = dataset, x, y");
        }

        py.AppendLine();
        py.AppendLine("compute_loss = lambda: loss_fn(model(x_train), y_train)  # on every training row");
        if (spec.Batch is { } b)
        {
            py.AppendLine(CultureInfo.InvariantCulture, $"loader = DataLoader(train_set, batch_size={b.Size}, shuffle={Value(b.Shuffle)}, generator=torch.Generator().manual_seed({b.Seed}), drop_last={Value(b.DropLast)})");
        }
    }

    private static void Table(StringBuilder py, IReadOnlyList<string> names, bool validation)
    {
        py.AppendLine("""
            def f32(v):
                # float32's shortest text, as history.csv writes it; NaN and infinities as .NET writes them
                if math.isnan(v):
                    return "NaN"
                if math.isinf(v):
                    return "Infinity" if v > 0 else "-Infinity"
                return str(np.float32(v))


            table = csv.writer(sys.stdout, lineterminator="\n")
            """);
        if (!validation)
        {
            py.AppendLine("validation = lambda: []  # no rows held out");
        }

        var lossColumns = validation ? "\"loss\", \"validation_loss\"" : "\"loss\"";
        py.AppendLine(CultureInfo.InvariantCulture, $"table.writerow([\"epoch\", {lossColumns}, {string.Join(", ", names.Select(PythonString))}])");
    }

    private static void Loop(StringBuilder py)
    {
        py.AppendLine("""
            for epoch in range(EPOCHS):
                optimizer.zero_grad()
                loss = compute_loss()
                table.writerow([epoch, f32(loss.item())] + validation() + [f32(w) for w in weights()])
                if not math.isfinite(loss.item()):
                    break  # diverged: GradientWeb stops here too
                loss.backward()
                optimizer.step()
            else:
                with torch.no_grad():
                    table.writerow([EPOCHS, f32(compute_loss().item())] + validation() + [f32(w) for w in weights()])
            """);
    }

    // Lecture 001's SGD: every epoch walks the DataLoader's mini-batches; row k is θ after k epochs.
    private static void BatchLoop(StringBuilder py)
    {
        py.AppendLine("""
            def record(epoch):
                with torch.no_grad():
                    loss = compute_loss().item()
                table.writerow([epoch, f32(loss)] + validation() + [f32(w) for w in weights()])
                return loss


            loss = record(0)
            for epoch in range(1, EPOCHS + 1):
                if not math.isfinite(loss):
                    break  # diverged: GradientWeb stops here too
                for xb, yb in loader:
                    optimizer.zero_grad()
                    batch_loss = loss_fn(model(xb), yb)
                    batch_loss.backward()
                    optimizer.step()
                loss = record(epoch)
            """);
    }

    private static float[] InitialWeights(TrainingSpec spec, int count) =>
        spec.InitWeights is { } w ? [.. w.Select(v => (float)v)] : new float[count];

    private static int CountWeights(IReadOnlyList<Engine.Nn.LayerSpec> layers, int features)
    {
        var (count, width) = (0, features);
        foreach (var layer in layers.Where(l => l.Kind == "linear"))
        {
            count += (width * layer.Units) + layer.Units;
            width = layer.Units;
        }

        return count;
    }

    private static string ActivationModule(string kind) => kind switch
    {
        "relu" => "ReLU",
        "sigmoid" => "Sigmoid",
        "tanh" => "Tanh",
        _ => "Identity",
    };

    /// <summary>Each variable's name in Python: itself when it is a plain identifier the script does not use.</summary>
    private static Dictionary<string, string> PythonNames(IReadOnlyList<string> names)
    {
        var taken = new HashSet<string>(Reserved, StringComparer.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            // Python reads identifiers in NFKC: a name that normalises differently could meet another.
            var candidate = name.IsNormalized(NormalizationForm.FormKC) ? name : $"var{i}";
            while (taken.Contains(candidate) || names.Contains(candidate) && candidate != name)
            {
                candidate += "_";
            }

            result[name] = candidate;
            taken.Add(result[name]);
        }

        return result;
    }

    // Python's keywords and builtins the script relies on, and the script's own names.
    private static readonly string[] Reserved =
    [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
        "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
        "return", "try", "while", "with", "yield", "csv", "math", "sys", "np", "torch", "start", "params", "compute_loss", "weights",
        "optimizer", "EPOCHS", "f32", "table", "epoch", "loss", "range", "str", "print", "float", "validation", "record",
    ];

    /// <summary>A Python float literal: the shortest round-trip digits, with ".0" on whole numbers so torch.tensor stays float.</summary>
    private static string Number(double value) => Literal(value.ToString("R", CultureInfo.InvariantCulture));

    private static string Number(float value) => Literal(value.ToString("R", CultureInfo.InvariantCulture));

    private static string Literal(string text) => text.All(c => char.IsAsciiDigit(c) || c == '-') ? text + ".0" : text;

    private static string List(IEnumerable<float> values) => "[" + string.Join(", ", values.Select(Number)) + "]";

    private static string Value(object value) => value switch
    {
        bool b => b ? "True" : "False",
        double d => Number(d),
        IReadOnlyList<double> pair => "(" + string.Join(", ", pair.Select(Number)) + ")",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    private static string PythonString(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    // Names and descriptions go into comments: a line break there would end the comment.
    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
