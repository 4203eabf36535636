using System.Runtime.CompilerServices;
using GradientWeb.Engine.Training;
using GradientWeb.Server.Contracts;
using GradientWeb.Server.Jobs;

namespace GradientWeb.Server.Hubs;

/// <summary>
/// A watcher's snapshot as pages of about <c>pageBytes</c> each, read from the job (live) or storage a chunk at a time,
/// so neither the server nor the client ever holds one message the size of a long run's history. ŷ is kept as in
/// one live batch: on epoch 0, the snapshot's last record, and the newest records within the ŷ budget.
/// </summary>
public static class SnapshotPages
{
    // What one read from the job or storage holds while its records become pages: at most 256 records and about
    // as many values as one stored chunk row (RecordChunks.MaxValues, 65 536), so a watcher that stops reading holds a
    // 4 353-weight net's 15 records (256 KB), not 256 (4.5 MB), while its pages wait.
    private const int MaxChunkRecords = 256;
    private const int MaxChunkValues = 1 << 16;

    // JSON for one float is at most ~15 characters ("-1.2345678E-05,"); a record adds its field names.
    private const int BytesPerValue = 15;
    private const int BytesPerRecord = 96;

    public static async IAsyncEnumerable<WatchPage> ReadAsync(
        IJobStore store, Job job, WatchStart start, int pageBytes, long yhatBudget, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = true;
        var page = new List<EpochRecordResponse>();
        var bytes = 0L;
        long? keepYhatFrom = null;
        var every = Math.Max(1, job.Spec.RecordEvery);
        var chunkRecords = Math.Clamp(MaxChunkValues / Math.Max(1, job.ParamNames.Count), 1, MaxChunkRecords);
        for (var from = 0; start.ThroughEpoch is { } through && from <= through; from += chunkRecords * every)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = await Task.Run(() => store.Records(job, from, Math.Min(from + (chunkRecords * every), through + 1)), cancellationToken);
            if (chunk.Count == 0)
            {
                break;
            }

            foreach (var r in chunk)
            {
                if (r.Yhat is { Length: > 0 } yhat)
                {
                    keepYhatFrom ??= through - (yhatBudget / yhat.Length * every);
                }

                var withYhat = r.Yhat is not null && (r.Epoch == 0 || r.Epoch == through || r.Epoch > keepYhatFrom);
                var size = Size(r, withYhat);
                if (page.Count > 0 && bytes + size > pageBytes)
                {
                    yield return new WatchPage(first ? start.Job : null, page);
                    (first, page, bytes) = (false, [], 0);
                }

                page.Add(EpochRecordResponse.From(r, withYhat));
                bytes += size;
            }
        }

        // Always at least one page: it carries the job.
        if (first || page.Count > 0)
        {
            yield return new WatchPage(first ? start.Job : null, page);
        }
    }

    private static long Size(EpochRecord r, bool withYhat) =>
        BytesPerRecord + (BytesPerValue * (r.Weights.Length + (withYhat ? r.Yhat!.Length : 0)
            + (r.Steps is { } s ? s.Losses.Length + s.Weights.Sum(w => (long)w.Length) : 0)));
}

/// <summary>Where a watcher's snapshot ends: the job as of then, and the last epoch it holds (null: none yet).</summary>
public sealed record WatchStart(JobResponse Job, int? ThroughEpoch);
