using GradientWeb.Engine.Training;
using GradientWeb.Server.Jobs;

namespace GradientWeb.Server.Exports;

/// <summary>A job's records a page at a time, so an export of a long run never holds the whole history in memory.</summary>
public static class RecordPages
{
    public const int PageSize = 1000;

    /// <summary>The records there are when the export starts; a running job's later records are left for the next export.</summary>
    public static IEnumerable<IReadOnlyList<EpochRecord>> Read(IJobStore store, Job job)
    {
        var count = job.Snapshot().EpochsDone + 1;
        for (var from = 0; from < count; from += PageSize)
        {
            var page = store.Records(job, from, Math.Min(from + PageSize, count));
            if (page.Count == 0)
            {
                yield break;
            }

            yield return page;
        }
    }
}
