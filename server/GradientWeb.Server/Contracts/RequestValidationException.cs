namespace GradientWeb.Server.Contracts;

/// <summary>
/// A request that parsed but asks for something impossible; the endpoint answers 400 naming the field. With the wire
/// types, so they and Inspection/ can refuse a request without depending on the endpoints.
/// </summary>
public sealed class RequestValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
