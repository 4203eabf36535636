using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Api;

/// <summary>
/// Reads a JSON body ourselves rather than through parameter binding, so that malformed JSON gets a 400 that
/// names the field and position (binding failures only say "bad request").
/// </summary>
internal static class RequestJson
{
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: "Send the body as application/json."));
        }

        var services = request.HttpContext.RequestServices;
        var max = services.GetRequiredService<IOptions<Setup.LimitsOptions>>().Value.MaxRequestBytes;
        if (request.ContentLength > max)
        {
            return (null, TooLarge(max));
        }

        var options = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, request.HttpContext.RequestAborted);
            return value is null
                ? (null, Invalid("body", "The body is empty or null; send a JSON object."))
                : (value, null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(max));
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
            return (null, Invalid(JsonErrorText.Field(ex), $"{JsonErrorText.Describe(ex)}{where}"));
        }
    }

    public static ProblemHttpResult TooLarge(long max) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The request body is too large.",
        detail: $"Bodies are limited to {max} bytes (Limits:MaxRequestBytes).");

    /// <summary>A 400 problem+json whose <c>errors</c> names the field, in the shape of ASP.NET Core's validation problems.</summary>
    public static ProblemHttpResult Invalid(string field, string message) => TypedResults.Problem(new HttpValidationProblemDetails(
        new Dictionary<string, string[]> { [field] = [message] })
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "The request is not valid.",
        Detail = $"{field}: {message}",
    });
}
