namespace GradientWeb.Server.Api;

/// <summary>A request that parsed but asks for something impossible; the endpoint answers 400 naming the field.</summary>
public sealed class RequestValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
