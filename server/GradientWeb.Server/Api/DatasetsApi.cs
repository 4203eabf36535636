using System.Text;
using GradientWeb.Engine.Data;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Setup;
using GradientWeb.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Api;

/// <summary><c>/datasets</c>: the built-in sets, and CSVs users upload.</summary>
public static class DatasetsApi
{
    /// <summary>What a multipart upload may carry beyond its file: boundaries, part headers and the name field.</summary>
    public const int MultipartEnvelopeBytes = 16 * 1024;

    public static RouteGroupBuilder MapDatasets(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/datasets").WithTags("Datasets");

        api.MapGet("", ListDatasets).WithSummary("Built-in and uploaded data sets");
        api.MapGet("/{id}", GetDataset).WithSummary("One data set with its rows").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("", UploadDataset)
            .WithSummary("Upload a CSV: a text/csv body with ?name=, or multipart/form-data with fields name and file")
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(Setup.RateLimits.Create);
        api.MapDelete("/{id}", DeleteDataset)
            .WithSummary("Delete an uploaded data set (jobs keep the points they trained on)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    public static Ok<IReadOnlyList<DatasetSummary>> ListDatasets(DatasetStore store)
    {
        var builtIn = BuiltInDataSets.Names.Select(name => BuiltInDataSets.TryGet(name, out var d) ? DatasetSummary.FromBuiltIn(name, d, BuiltInDataSets.Table(name)!) : null);
        var uploaded = store.List().Select(u => DatasetSummary.FromUpload(u.Set, u.Rows));
        return TypedResults.Ok<IReadOnlyList<DatasetSummary>>([.. builtIn.OfType<DatasetSummary>(), .. uploaded]);
    }

    public static Results<Ok<DatasetDetail>, ProblemHttpResult> GetDataset(string id, DatasetStore store)
    {
        if (BuiltInDataSets.TryGet(id, out var data))
        {
            var table = BuiltInDataSets.Table(id)!;
            return TypedResults.Ok(new DatasetDetail(DatasetSummary.FromBuiltIn(id, data, table), DatasetDetail.RowsOf(table, int.MaxValue)));
        }

        return store.Find(id) is { } set
            ? TypedResults.Ok(new DatasetDetail(DatasetSummary.FromUpload(set, set.Table.Rows), DatasetDetail.RowsOf(set.Table, int.MaxValue)))
            : Problems.DatasetNotFound(id);
    }

    public static async Task<Results<Created<DatasetDetail>, ProblemHttpResult>> UploadDataset(
        HttpRequest request, string? name, DatasetStore store, IOptions<DatasetOptions> options, TimeProvider time)
    {
        var limits = options.Value;

        // The cap is on the CSV itself: a multipart envelope (boundaries, part headers, the name field) may add up to
        // MultipartEnvelopeBytes around a file exactly at the cap.
        if (request.ContentLength > limits.MaxUploadBytes + (request.HasFormContentType ? MultipartEnvelopeBytes : 0))
        {
            return TooLarge(limits.MaxUploadBytes);
        }

        byte[]? bytes;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            name ??= form["name"].FirstOrDefault();
            var file = form.Files["file"];
            if (file is null)
            {
                return RequestJson.Invalid("file", "A multipart upload needs a 'file' field holding the CSV.");
            }

            if (file.Length > limits.MaxUploadBytes)
            {
                return TooLarge(limits.MaxUploadBytes);
            }

            using var memory = new MemoryStream();
            await file.CopyToAsync(memory, request.HttpContext.RequestAborted);
            bytes = memory.ToArray();
        }
        else if (IsCsv(request.ContentType))
        {
            bytes = await ReadLimited(request.Body, limits.MaxUploadBytes, request.HttpContext.RequestAborted);
            if (bytes is null)
            {
                return TooLarge(limits.MaxUploadBytes);
            }
        }
        else
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: "Send the CSV as a text/csv body (with ?name=) or as multipart/form-data with fields 'name' and 'file'.");
        }

        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100 || name.Any(char.IsControl))
        {
            return RequestJson.Invalid("name", "Give the data set a name: 1 to 100 printable characters (?name= or the form's 'name' field).");
        }

        if (store.Count() >= limits.MaxStored)
        {
            return Problems.Conflict($"The server keeps at most {limits.MaxStored}; delete one first.", "Too many uploaded data sets.");
        }

        CsvTable table;
        try
        {
            using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            table = CsvTable.Parse(reader, new CsvLimits(limits.MaxRows, limits.MaxColumns));
        }
        catch (DataFormatException ex)
        {
            return Refused(ex);
        }

        var stored = store.Add(name, table, time.GetUtcNow());
        var detail = new DatasetDetail(DatasetSummary.FromUpload(stored, table.Rows), DatasetDetail.RowsOf(table, DatasetDetail.PreviewRows));
        return TypedResults.Created($"/datasets/{stored.Id}", detail);
    }

    public static Results<NoContent, ProblemHttpResult> DeleteDataset(string id, DatasetStore store)
    {
        if (BuiltInDataSets.TryGet(id, out _))
        {
            return Problems.Conflict($"'{id}' ships with GradientWeb.", "Built-in data sets cannot be deleted.");
        }

        return store.Delete(id) ? TypedResults.NoContent() : Problems.DatasetNotFound(id);
    }

    private static bool IsCsv(string? contentType) =>
        contentType is not null && (contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/csv", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase));

    // Reads at most max bytes; null when the body is longer (a chunked body has no Content-Length to check first).
    private static async Task<byte[]?> ReadLimited(Stream body, long max, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (memory.Length + read > max)
            {
                return null;
            }

            memory.Write(buffer, 0, read);
        }

        return memory.ToArray();
    }

    private static ProblemHttpResult Refused(DataFormatException ex)
    {
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["file"] = [ex.Message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The CSV cannot be used.",
            Detail = ex.Message,
        };
        if (ex.Row is { } row)
        {
            problem.Extensions["row"] = row;
        }

        if (ex.Column is { } column)
        {
            problem.Extensions["column"] = column;
        }

        return TypedResults.Problem(problem);
    }

    private static ProblemHttpResult TooLarge(long max) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The file is too large.",
        detail: $"Uploads are limited to {max} bytes (Datasets:MaxUploadBytes).");
}
