using System.Globalization;
using System.Text;
using CsvHelper;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Jobs;

namespace GradientWeb.Server.Exports;

/// <summary>
/// Histories as CSV (CsvHelper quotes the names with commas in them, like <c>0.weight[1,0]</c>): one row per epoch,
/// numbers in float32's shortest round-trip form, so parsing a cell gives back the exact float the history holds.
/// </summary>
public static class HistoryCsv
{
    /// <summary>
    /// <c>epoch, loss, </c>(<c>validation_loss, </c>with a split) then one column per weight, named as in <c>paramNames</c>.
    /// With mini-batches the loss is on every training row at θ after the epoch (the batch losses are in history.json).
    /// </summary>
    public static async Task WriteJobAsync(Stream body, IJobStore store, Job job, CancellationToken cancel)
    {
        await using var csv = Open(body);
        var validation = job.Spec.Validation is not null;
        csv.WriteField("epoch");
        csv.WriteField("loss");
        if (validation)
        {
            csv.WriteField("validation_loss");
        }

        foreach (var name in job.ParamNames)
        {
            csv.WriteField(name);
        }

        await csv.NextRecordAsync();
        foreach (var page in RecordPages.Read(store, job))
        {
            foreach (var record in page)
            {
                csv.WriteField(record.Epoch.ToString(CultureInfo.InvariantCulture));
                WriteNumbers(csv, record, validation);
                await csv.NextRecordAsync();
            }

            await csv.FlushAsync();
            cancel.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// One file for a sweep: <c>epoch</c>, then for each run its loss, its validation loss when it has a split, and
    /// its weights, headed <c>"label: loss"</c>, <c>"label: validation_loss"</c>, <c>"label: w0"</c>, …; a run that
    /// ended earlier (diverged, cancelled) leaves its cells empty.
    /// </summary>
    public static async Task WriteRunsAsync(Stream body, IJobStore store, IReadOnlyList<(string Label, Job Job)> runs, CancellationToken cancel)
    {
        await using var csv = Open(body);
        csv.WriteField("epoch");
        foreach (var (label, job) in runs)
        {
            csv.WriteField($"{label}: loss");
            if (job.Spec.Validation is not null)
            {
                csv.WriteField($"{label}: validation_loss");
            }

            foreach (var name in job.ParamNames)
            {
                csv.WriteField($"{label}: {name}");
            }
        }

        await csv.NextRecordAsync();
        var counts = runs.Select(r => r.Job.Snapshot().EpochsDone + 1).ToArray();
        var longest = counts.Length == 0 ? 0 : counts.Max(); // every run purged: the header alone
        for (var from = 0; from < longest; from += RecordPages.PageSize)
        {
            var pages = runs.Select((r, i) => from < counts[i] ? store.Records(r.Job, from, Math.Min(from + RecordPages.PageSize, counts[i])) : []).ToArray();
            var rows = pages.Max(p => p.Count);
            for (var row = 0; row < rows; row++)
            {
                csv.WriteField((from + row).ToString(CultureInfo.InvariantCulture));
                for (var i = 0; i < runs.Count; i++)
                {
                    var validation = runs[i].Job.Spec.Validation is not null;
                    if (row < pages[i].Count)
                    {
                        WriteNumbers(csv, pages[i][row], validation);
                    }
                    else
                    {
                        var cells = 1 + (validation ? 1 : 0) + runs[i].Job.ParamNames.Count;
                        for (var k = 0; k < cells; k++)
                        {
                            csv.WriteField(string.Empty);
                        }
                    }
                }

                await csv.NextRecordAsync();
            }

            await csv.FlushAsync();
            cancel.ThrowIfCancellationRequested();
        }
    }

    /// <summary>float32's shortest round-trip text; non-finite values as .NET and pandas both read them (NaN, Infinity).</summary>
    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static CsvWriter Open(Stream body) =>
        new(new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true), CultureInfo.InvariantCulture);

    private static void WriteNumbers(CsvWriter csv, EpochRecord record, bool validation)
    {
        csv.WriteField(Format(record.Loss));
        if (validation)
        {
            csv.WriteField(Format(record.ValidationLoss ?? float.NaN));
        }

        foreach (var w in record.Weights)
        {
            csv.WriteField(Format(w));
        }
    }
}
