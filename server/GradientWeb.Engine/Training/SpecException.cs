namespace GradientWeb.Engine.Training;

/// <summary>A job the engine cannot train, naming the request field at fault (<c>init.weights</c>).</summary>
public sealed class SpecException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
