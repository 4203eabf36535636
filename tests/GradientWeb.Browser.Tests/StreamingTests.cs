using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using GradientWeb.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GradientWeb.Browser.Tests;

/// <summary>
/// A 10 000-epoch job streams into the page with every view open, and the page keeps drawing frames. The frame rate is
/// measured and reported (TestResults/artifacts/streaming-fps.txt), not asserted: a shared CI machine's speed is not the
/// page's (one such run drew 13 fps where this machine draws 30+). What is asserted holds on any machine: every record
/// arrives, and the page never stops drawing for long while they go in (records handled in one blocking go would).
/// Frames are counted from the moment the job is shown until its last record is in, whether the records streamed
/// live or came in the snapshot of a job that finished before the page opened (a fast machine's case). Beside the rate,
/// the CPU the server (training, the feed) and Chromium (the page) used meanwhile: who had the 2 cores.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StreamingTests(BrowserFixture fixture, ITestOutputHelper output)
{
    // Every requestAnimationFrame timestamp while the job's records go in, taken by the page itself, and every long
    // task (over 50 ms) the browser saw.
    private const string FrameRecorder = """
        window.__frames = [];
        window.__longTasks = [];
        new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
        const tick = (t) => {
          const status = document.getElementById('status')?.dataset.status;
          const points = Number(document.getElementById('loss-chart')?.dataset.points ?? 0);
          if (status && status !== 'idle' && !window.__allIn) window.__frames.push(t);
          if (status && status !== 'idle' && status !== 'queued' && status !== 'running' && points >= 10001) window.__allIn = true;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        """;

    [Fact]
    public async Task A_10000_epoch_job_streams_without_freezing_the_page_and_reports_its_frame_rate()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var response = await http.PostAsync("/train", JsonContent.Create(JsonDocument.Parse("""
            { "dataset": { "name": "dnnex2" }, "model": { "type": "mlp", "layers": [{"linear": 8}, "relu", {"linear": 1}] }, "loss": "mse",
              "optimizer": { "type": "adam" }, "lr": 0.05, "epochs": 10000, "init": { "seed": 43052 } }
            """).RootElement));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var page = await fixture.NewPageAsync();
        await page.AddInitScriptAsync(FrameRecorder);
        var cpu = CpuTime.Now();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await page.GotoAsync($"/?job={id}");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#loss-chart")).ToHaveAttributeAsync("data-points", "10001");
        var used = CpuTime.Now().Since(cpu, clock.Elapsed);

        var frames = await page.EvaluateAsync<double[]>("() => window.__frames");
        var longTasks = await page.EvaluateAsync<double[]>("() => window.__longTasks");
        Assert.True(frames.Length >= 2, $"only {frames.Length} frames were drawn while the records went in");
        var intervals = frames.Zip(frames.Skip(1), (a, b) => b - a).Order().ToArray();
        var median = intervals[intervals.Length / 2];
        var p95 = intervals[(int)(intervals.Length * 0.95)];
        var seconds = (frames[^1] - frames[0]) / 1000;
        var longest = intervals[^1];
        var report = string.Create(CultureInfo.InvariantCulture,
            $"10 000-epoch job streaming with every view open: {frames.Length} frames in {seconds:F1} s = {frames.Length / seconds:F1} fps on average; median frame {median:F1} ms ({1000 / median:F0} fps), 95th percentile {p95:F1} ms, longest {longest:F0} ms; {longTasks.Length} long tasks, the longest {(longTasks.Length > 0 ? longTasks.Max() : 0):F0} ms; {used}; {MachineLoad.Describe()}");
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(TestPaths.Artifacts("GradientWeb.Browser.Tests"), "streaming-fps.txt"), report + "\n");
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.Artifacts("GradientWeb.Browser.Tests"), "streaming-10000.png"), FullPage = true });

        // Relative to the stream's own length, so a slow machine neither passes a freeze nor fails a smooth page; under
        // 200 ms (the page's target for any task) passes however short the stream was.
        Assert.True(longest < Math.Max(200, 0.25 * (frames[^1] - frames[0])), $"the page stopped drawing for {longest:F0} ms of a {seconds:F1} s stream: {report}");
    }
}
