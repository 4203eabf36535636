using GradientWeb.Engine.Training;
using GradientWeb.Server.Jobs;
using GradientWeb.Server.Storage;

namespace GradientWeb.Server.Tests.Storage;

public sealed class RecordChunksTests
{
    [Fact]
    public void A_chunk_gives_back_every_part_of_every_record_exactly()
    {
        EpochRecord[] records =
        [
            new(0, 8587.624f, [-5f, 10f], [1.5f, float.NaN]) { Metrics = new EpochMetrics("r2", -3.25f, null) },
            new(1, float.PositiveInfinity, [0.1f, -0f], null) { ValidationLoss = 0.75f, Metrics = new EpochMetrics("accuracy", 0.5f, 0.25f) },
            new(2, 0.125f, [1f, 2f], null) { Steps = new BatchSteps([0.5f, 0.25f], [[1f, 2f], [3f, 4f]]) },
        ];

        var slices = RecordSlices.Of(records);
        var chunk = Assert.Single(RecordChunks.Split(slices));
        var blob = RecordChunks.Encode(chunk);
        var back = RecordChunks.Decode(blob).ToArray();

        // The blob is sized before writing (Encode refuses a size that is not exact), so it is never grown and copied.
        Assert.Equal(blob.Length, RecordChunks.EncodedLength(chunk));

        Assert.Equal(records.Length, back.Length);
        for (var i = 0; i < records.Length; i++)
        {
            var (a, b) = (records[i], back[i]);
            Assert.Equal((a.Epoch, a.Loss, a.ValidationLoss, a.Metrics), (b.Epoch, b.Loss, b.ValidationLoss, b.Metrics));
            Assert.Equal(a.Weights, b.Weights);
            Assert.Equal(a.Yhat, b.Yhat);
            Assert.Equal(a.Steps?.Losses, b.Steps?.Losses);
            Assert.Equal(a.Steps?.Weights, b.Steps?.Weights);
        }
    }

    [Fact]
    public void Chunks_cover_every_record_once_and_stay_within_their_bounds()
    {
        var small = Enumerable.Range(0, 10_001).Select(k => new EpochRecord(k, k, [1f, 2f], null)).ToArray();
        var wide = Enumerable.Range(0, 301).Select(k => new EpochRecord(k, k, new float[4353], k % 10 == 0 ? new float[2000] : null)).ToArray();

        foreach (var records in new[] { small, wide })
        {
            var chunks = RecordChunks.Split(RecordSlices.Of(records)).ToArray();
            Assert.Equal(records.Length, chunks.Sum(c => c.Count));
            Assert.Equal(Enumerable.Range(0, records.Length), chunks.SelectMany(c => Enumerable.Range(c.FirstEpoch, c.Count)));
            Assert.All(chunks, c => Assert.InRange(c.Count, 1, RecordChunks.MaxRecords));
            Assert.All(chunks, c => Assert.True(c.Count == 1 || c.Block.Values(c.From, c.Count) <= RecordChunks.MaxValues));
        }

        Assert.Equal(3, RecordChunks.Split(RecordSlices.Of(small)).Count());
        Assert.All(RecordChunks.Split(RecordSlices.Of(wide)), c => Assert.InRange(c.Count, 1, RecordChunks.MaxValues / 4355));
    }
}
