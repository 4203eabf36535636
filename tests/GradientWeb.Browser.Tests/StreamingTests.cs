using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using GradientWeb.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GradientWeb.Browser.Tests;

/// <summary>A 10 000-epoch job streams into the page with every view open, and the page keeps drawing frames.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StreamingTests(BrowserFixture fixture, ITestOutputHelper output)
{
    // Every requestAnimationFrame timestamp while the job runs, taken by the page itself.
    private const string FrameRecorder = """
        window.__frames = [];
        const tick = (t) => {
          if (document.getElementById('status')?.dataset.status === 'running') window.__frames.push(t);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        """;

    [Fact]
    public async Task A_10000_epoch_job_streams_at_30_frames_per_second_or_more()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var response = await http.PostAsync("/train", JsonContent.Create(JsonDocument.Parse("""
            { "dataset": { "name": "dnnex2" }, "model": { "type": "mlp", "layers": [{"linear": 8}, "relu", {"linear": 1}] }, "loss": "mse",
              "optimizer": { "type": "adam" }, "lr": 0.05, "epochs": 10000, "init": { "seed": 43052 } }
            """).RootElement));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var page = await fixture.NewPageAsync();
        await page.AddInitScriptAsync(FrameRecorder);
        await page.GotoAsync($"/?job={id}");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#loss-chart")).ToHaveAttributeAsync("data-points", "10001");

        var frames = await page.EvaluateAsync<double[]>("() => window.__frames");
        Assert.True(frames.Length > 30, $"only {frames.Length} frames were drawn while the job ran");
        var intervals = frames.Zip(frames.Skip(1), (a, b) => b - a).Order().ToArray();
        var median = intervals[intervals.Length / 2];
        var p95 = intervals[(int)(intervals.Length * 0.95)];
        var seconds = (frames[^1] - frames[0]) / 1000;
        var report = string.Create(CultureInfo.InvariantCulture,
            $"10 000-epoch job streaming with every view open: {frames.Length} frames in {seconds:F1} s = {frames.Length / seconds:F1} fps on average; median frame {median:F1} ms ({1000 / median:F0} fps), 95th percentile {p95:F1} ms");
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(TestPaths.Artifacts("GradientWeb.Browser.Tests"), "streaming-fps.txt"), report + "\n");
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.Artifacts("GradientWeb.Browser.Tests"), "streaming-10000.png"), FullPage = true });

        // Medians, not means: a shared CI machine stalls now and then. Frames come on 60 Hz vsync ticks, so 30 fps is a
        // frame every second tick: 33.3 ms (34 leaves room for timer rounding).
        Assert.True(median <= 34, report);
    }
}
