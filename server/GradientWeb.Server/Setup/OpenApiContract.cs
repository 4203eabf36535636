using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace GradientWeb.Server.Setup;

/// <summary>
/// What the OpenAPI document says beyond each endpoint's own metadata, so that it is exact (the conformance test
/// checks every answer against it): the answers every endpoint of a kind can give, the CSV upload's two bodies, and
/// the JSON dialect's numbers (a float may be the string "NaN", "Infinity" or "-Infinity"; a seed is 0 … 2⁶⁴ − 1).
/// </summary>
public static class OpenApiContract
{
    public static void Apply(SwaggerGenOptions o)
    {
        o.SupportNonNullableReferenceTypes();
        o.MapType<float>(FiniteOrNamed);
        o.MapType<double>(FiniteOrNamed);
        o.MapType<ulong>(() => new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "uint64",
            Minimum = "0",
            Maximum = "18446744073709551615",
            Description = "A whole number from 0 to 2⁶⁴ − 1 (torch.manual_seed's range).",
        });
        o.SchemaFilter<NullableReferences>();
        o.OperationFilter<SharedAnswers>();
        o.OperationFilter<UploadBodies>();
    }

    // JSON has no NaN or ∞: the API writes them as strings (JsonNumberHandling.AllowNamedFloatingPointLiterals).
    private static OpenApiSchema FiniteOrNamed() => new()
    {
        AnyOf =
        [
            new OpenApiSchema { Type = JsonSchemaType.Number },
            new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("NaN"), JsonValue.Create("Infinity"), JsonValue.Create("-Infinity")] },
        ],
    };

    /// <summary>
    /// A nullable property whose type is a component (<c>result</c>, <c>diagnostics</c>, <c>request.dataset</c>)
    /// is written by Swashbuckle as a bare <c>$ref</c>, which says "never null"; it becomes <c>anyOf: [$ref, null]</c>.
    /// </summary>
    private sealed class NullableReferences : ISchemaFilter
    {
        private static readonly System.Reflection.NullabilityInfoContext Nullability = new();

        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (schema is not OpenApiSchema { Properties: { Count: > 0 } properties } || context.Type.IsPrimitive)
            {
                return;
            }

            foreach (var property in context.Type.GetProperties())
            {
                var name = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                if (properties.TryGetValue(name, out var declared) && declared is OpenApiSchemaReference reference
                    && Nullability.Create(property).ReadState == System.Reflection.NullabilityState.Nullable)
                {
                    properties[name] = new OpenApiSchema
                    {
                        Description = reference.Description,
                        AnyOf = [new OpenApiSchemaReference(reference.Reference.Id!, reference.Reference.HostDocument), new OpenApiSchema { Type = JsonSchemaType.Null }],
                    };
                }
            }
        }
    }

    /// <summary>
    /// Answers that come from the pipeline rather than the handler: 400 for a bad query parameter
    /// (<c>QueryParameters</c>), 403 for a write from a foreign origin (<c>OriginGuard</c>), 503 for a locked
    /// database, 507 for a full disk (both <c>StorageProblemHandler</c>), 413 for a body over <c>Limits:MaxRequestBytes</c>.
    /// </summary>
    private sealed class SharedAnswers : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var method = context.ApiDescription.HttpMethod ?? "GET";
            if (operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true)
            {
                Add(operation, context, StatusCodes.Status400BadRequest, "A query parameter is not valid; errors names it.", typeof(HttpValidationProblemDetails));
            }

            if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
            {
                Add(operation, context, StatusCodes.Status403Forbidden, "The request came from another site's page (Origin not this server's and not in Limits:CorsOrigins).");
            }

            // Reads too: a PostgreSQL that cannot be reached answers every request that touches storage this way.
            if (!HttpMethods.IsGet(method) || context.ApiDescription.RelativePath?.Split('/')[0] is "jobs" or "sweeps" or "datasets" or "train")
            {
                Add(operation, context, StatusCodes.Status503ServiceUnavailable, "The database is locked by another process or cannot be reached; nothing was stored. Retry-After says when to try again.");
            }

            // What stores new jobs or data (DiskRoom): train, sweeps, uploads, restarts.
            if (HttpMethods.IsPost(method) && (context.ApiDescription.RelativePath is "train" or "sweeps" or "datasets" || context.ApiDescription.RelativePath?.EndsWith("/restart", StringComparison.Ordinal) == true))
            {
                Add(operation, context, StatusCodes.Status507InsufficientStorage, "The server's disk has no room for what this may store (Storage:MinFreeMegabytes is kept free); nothing was stored.");
            }

            if (operation.RequestBody is not null)
            {
                Add(operation, context, StatusCodes.Status413PayloadTooLarge, "The body is larger than the server accepts.");
                Add(operation, context, StatusCodes.Status415UnsupportedMediaType, "The body's media type is not one the endpoint reads.");
            }
        }
    }

    /// <summary><c>POST /datasets</c> reads its body itself: a <c>text/csv</c> body, or a multipart form with name and file.</summary>
    private sealed class UploadBodies : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (context.MethodInfo?.Name != nameof(Api.DatasetsApi.UploadDataset))
            {
                return;
            }

            var csv = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The CSV: comma, semicolon or tab; a header row or none." } };
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The CSV as the body (name it with ?name=), or a multipart form with fields name and file.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["text/csv"] = csv,
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "file" },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["name"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The data set's name (or ?name=)." },
                                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The CSV file." },
                            },
                        },
                    },
                },
            };
        }
    }

    private static void Add(OpenApiOperation operation, OperationFilterContext context, int status, string description, Type? type = null)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = context.SchemaGenerator.GenerateSchema(type ?? typeof(ProblemDetails), context.SchemaRepository) },
            },
        };
    }
}
