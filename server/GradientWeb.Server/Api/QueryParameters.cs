using System.Globalization;
using System.Reflection;

namespace GradientWeb.Server.Api;

/// <summary>
/// Every endpoint's query parameters read strictly, before its handler: invariant culture only (<c>1,5</c> is an
/// error, not 15), whole numbers whole, numbers finite and within float32's range (the engine's), booleans
/// <c>true</c>/<c>false</c>. A bad one is a 400 whose <c>errors</c> names it; ASP.NET's own binding would answer a
/// bare 400, or read <c>1,5</c> with a thousands separator.
/// </summary>
internal static class QueryParameters
{
    public static EndpointFilterDelegate Validate(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var checks = context.MethodInfo.GetParameters()
            .Select(p => (Name: p.Name!, Check: CheckFor(p)))
            .Where(p => p.Check is not null)
            .ToArray();
        if (checks.Length == 0)
        {
            return next;
        }

        return invocation =>
        {
            var request = invocation.HttpContext.Request;
            Dictionary<string, string[]>? errors = null;
            foreach (var (name, check) in checks)
            {
                // A route value of the same name ({epoch:int}) is the route's, already constrained.
                if (request.RouteValues.ContainsKey(name) || !request.Query.TryGetValue(name, out var values))
                {
                    continue;
                }

                var message = values.Count > 1 ? $"{name} is given {values.Count} times; give it once." : check!(name, values[0] ?? string.Empty);
                if (message is not null)
                {
                    (errors ??= new(StringComparer.Ordinal))[name] = [message];
                }
            }

            return errors is null
                ? next(invocation)
                : ValueTask.FromResult<object?>(TypedResults.Problem(new HttpValidationProblemDetails(errors)
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request is not valid.",
                    Detail = string.Join(" ", errors.Select(e => $"{e.Key}: {e.Value[0]}")),
                }));
        };
    }

    /// <summary>The value as an invariant-culture number within float32's range, or why not.</summary>
    public static string? CheckNumber(string name, string text)
    {
        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value))
        {
            return $"{name} must be a number written with a '.' decimal point (such as 0.5 or 1e-3), not '{text}'.";
        }

        return Math.Abs(value) > float.MaxValue
            ? $"{name} is {text}, beyond the range of the float32 numbers the engine computes with (±3.4e38)."
            : null;
    }

    private static Func<string, string, string?>? CheckFor(ParameterInfo parameter)
    {
        if (parameter.GetCustomAttributes().Any(a => a is Microsoft.AspNetCore.Mvc.FromServicesAttribute or AsParametersAttribute))
        {
            return null;
        }

        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (type == typeof(int))
        {
            return (name, text) => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                ? null
                : $"{name} must be a whole number (such as 10), not '{text}'.";
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return CheckNumber;
        }

        if (type == typeof(bool))
        {
            return (name, text) => bool.TryParse(text, out _) ? null : $"{name} must be true or false, not '{text}'.";
        }

        return null;
    }
}
