using System.Buffers;
using System.Text.Json;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Jobs;

namespace GradientWeb.Server.Exports;

/// <summary>
/// Histories as JSON in the API's dialect (a diverged loss is the string "NaN" or "Infinity"), written a page of
/// records at a time (into a buffer, copied to the response asynchronously: Kestrel refuses synchronous writes).
/// </summary>
public static class HistoryJson
{
    /// <summary><c>{ job, paramNames, records: [{ epoch, loss, weights, yhat? }] }</c>; ŷ as <paramref name="yhat"/> gives it.</summary>
    public static async Task WriteJobAsync(Stream body, IJobStore store, Job job, ExportYhat yhat, JsonSerializerOptions options, CancellationToken cancel)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await using var json = new Utf8JsonWriter(buffer);
        json.WriteStartObject();
        await WriteRunAsync(json, buffer, body, store, job, label: null, yhat, options, cancel);
        json.WriteEndObject();
        await CopyAsync(json, buffer, body, cancel);
    }

    /// <summary><c>{ sweep, runs: [{ label, job, paramNames, records }] }</c>; each run's ŷ as its <paramref name="yhat"/> gives it.</summary>
    public static async Task WriteRunsAsync(
        Stream body, IJobStore store, string sweepId, IReadOnlyList<(string Label, Job Job)> runs, IReadOnlyList<ExportYhat> yhat, JsonSerializerOptions options, CancellationToken cancel)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await using var json = new Utf8JsonWriter(buffer);
        json.WriteStartObject();
        json.WriteString("sweep", sweepId);
        json.WriteStartArray("runs");
        for (var i = 0; i < runs.Count; i++)
        {
            var (label, job) = runs[i];
            json.WriteStartObject();
            await WriteRunAsync(json, buffer, body, store, job, label, yhat[i], options, cancel);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await CopyAsync(json, buffer, body, cancel);
    }

    private static async Task WriteRunAsync(
        Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Stream body, IJobStore store, Job job, string? label, ExportYhat yhat, JsonSerializerOptions options, CancellationToken cancel)
    {
        if (label is not null)
        {
            json.WriteString("label", label);
        }

        json.WritePropertyName("job");
        JsonSerializer.Serialize(json, JobResponse.From(job), options);
        json.WritePropertyName("paramNames");
        JsonSerializer.Serialize(json, job.ParamNames, options);
        json.WriteStartArray("records");
        foreach (var page in RecordPages.Read(store, job))
        {
            foreach (var record in page)
            {
                cancel.ThrowIfCancellationRequested();
                JsonSerializer.Serialize(json, EpochRecordResponse.From(record) with { Yhat = yhat.Of(record) }, options);
            }

            await CopyAsync(json, buffer, body, cancel);
        }

        json.WriteEndArray();
    }

    private static async Task CopyAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Stream body, CancellationToken cancel)
    {
        json.Flush();
        await body.WriteAsync(buffer.WrittenMemory, cancel);
        buffer.ResetWrittenCount();
    }
}
