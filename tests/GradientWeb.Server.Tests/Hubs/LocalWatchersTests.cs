using GradientWeb.Server.Hubs;

namespace GradientWeb.Server.Tests.Hubs;

public sealed class LocalWatchersTests
{
    [Fact]
    public void A_connection_is_told_a_jobs_end_once_and_not_at_all_when_its_snapshot_said_so()
    {
        var watchers = new LocalWatchers();
        watchers.Add("job1", "c1", told: false);
        watchers.Add("job1", "c2", told: true);
        watchers.Add("job2", "c2", told: true);

        Assert.Equal(["job1"], watchers.Untold());
        Assert.Equal(["c1"], watchers.TakeUntold("job1"));
        Assert.Empty(watchers.TakeUntold("job1"));
        Assert.Empty(watchers.Untold());
    }

    [Fact]
    public void A_job_whose_end_this_nodes_feed_sent_has_no_one_left_to_tell()
    {
        var watchers = new LocalWatchers();
        watchers.Add("job1", "c1", told: false);
        watchers.Add("job1", "c2", told: false);
        watchers.MarkTold("job1");

        Assert.Empty(watchers.Untold());
        Assert.Empty(watchers.TakeUntold("job1"));
    }

    [Fact]
    public void A_connection_that_stops_watching_or_closes_is_forgotten()
    {
        var watchers = new LocalWatchers();
        watchers.Add("job1", "c1", told: false);
        watchers.Add("job2", "c1", told: false);
        watchers.Add("job2", "c2", told: false);

        watchers.Remove("job1", "c1");
        Assert.Equal(["job2"], watchers.Untold());
        watchers.RemoveConnection("c1");
        Assert.Equal(["c2"], watchers.TakeUntold("job2"));
        watchers.RemoveConnection("c2");
        Assert.Empty(watchers.Untold());
    }
}
