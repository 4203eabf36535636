using GradientWeb.Engine.Training;

namespace GradientWeb.Server.Storage;

/// <summary>A mini-batch epoch's steps as one float run: per step its batch loss, then θ after it.</summary>
internal static class StepBlobs
{
    public static float[] Flatten(BatchSteps steps)
    {
        var width = steps.Weights.Length == 0 ? 1 : steps.Weights[0].Length + 1;
        var flat = new float[steps.Losses.Length * width];
        for (var i = 0; i < steps.Losses.Length; i++)
        {
            flat[i * width] = steps.Losses[i];
            steps.Weights[i].CopyTo(flat, (i * width) + 1);
        }

        return flat;
    }

    public static BatchSteps Unflatten(float[] flat, int parameters)
    {
        var width = parameters + 1;
        var count = flat.Length / width;
        var losses = new float[count];
        var weights = new float[count][];
        for (var i = 0; i < count; i++)
        {
            losses[i] = flat[i * width];
            weights[i] = flat.AsSpan((i * width) + 1, parameters).ToArray();
        }

        return new BatchSteps(losses, weights);
    }
}
