namespace GradientWeb.Engine.Training;

/// <summary>How big a model's graph will be, known before it is built, so a server can refuse what would not fit.</summary>
public static class ModelSize
{
    /// <summary>The weight count, and the values one row adds to the forward pass (every layer's output width).</summary>
    public static (long Parameters, long ValuesPerRow) Estimate(ModelSpec model, int features)
    {
        switch (model.Type)
        {
            case ModelKind.Mlp when model.Layers is { } layers:
                long parameters = 0;
                long values = 0;
                long width = features;
                foreach (var layer in layers)
                {
                    if (layer.Kind == "linear")
                    {
                        parameters += (layer.Units * width) + layer.Units;
                        width = layer.Units;
                    }

                    values += width;
                }

                return (parameters, values);
            case ModelKind.Linear or ModelKind.Logistic:
                return (features + 1, 2);
            default:
                return (0, 0);
        }
    }
}
