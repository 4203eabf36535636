using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GradientWeb.Testing;
using Microsoft.Playwright;

namespace GradientWeb.Browser.Tests;

/// <summary>
/// Issue 17 on the page: lecture 001's mini-batch card draws the batch losses under the epoch loss and the
/// validation curve, the landscape walks every step, the status line says R² (training and validation); a
/// classification job with a split shows its confusion matrices; the form sends batch and validation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MiniBatchTests(BrowserFixture fixture)
{
    public static TheoryData<int, int, string> Screens => new()
    {
        { 1920, 1080, "en-US" },
        { 1280, 720, "ko-KR" },
        { 390, 844, "en-US" },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task The_mini_batch_card_draws_batch_losses_validation_and_the_zig_zag(int width, int height, string locale)
    {
        var page = await fixture.NewPageAsync(locale);
        await page.SetViewportSizeAsync(width, height);
        var errors = BrowserFixture.CollectErrors(page);
        await page.GotoAsync("/");
        await page.ClickAsync("[data-preset='l001-sgd'] button[data-run='3']"); // batches of 10, 20 % held out
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });

        // 30 rows, 24 trained on in batches of 10, 10, 4: 3 steps an epoch for 300 epochs; 301 validation points.
        // "completed" may come before the last records have gone into the page (a few frames at a time on a loaded machine).
        var loss = page.Locator("#loss-chart");
        await Assertions.Expect(loss).ToHaveAttributeAsync("data-batch-points", "900", new() { Timeout = 30_000 });
        await Assertions.Expect(loss).ToHaveAttributeAsync("data-validation-points", "301");
        await page.WaitForFunctionAsync("() => +document.querySelector('#landscape-chart').dataset.stepPoints === 901");
        await Assertions.Expect(page.Locator("#fit-chart")).ToHaveAttributeAsync("data-validation-points", "6"); // held out: drawn apart
        var detail = await page.Locator("#status-detail").InnerTextAsync();
        Assert.Contains("R²", detail, StringComparison.Ordinal);
        Assert.Contains(locale.StartsWith("ko", StringComparison.Ordinal) ? "검증" : "validation", detail, StringComparison.Ordinal);
        Assert.Contains(locale.StartsWith("ko", StringComparison.Ordinal) ? "전체 배치" : "full-batch", detail, StringComparison.Ordinal);

        // The charts sit inside the viewport's width once scrolled to.
        foreach (var selector in new[] { "#loss-chart", "#landscape-chart" })
        {
            await page.Locator(selector).ScrollIntoViewIfNeededAsync();
            var box = (await page.Locator(selector).BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= width + 1 && box.Width > 200, $"{selector} at {box.X}+{box.Width} of {width}");
        }

        await page.Locator("#loss-chart").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Artifact($"minibatch-{width}x{height}-{locale}.png") });
        await page.ScreenshotAsync(new() { Path = Artifact($"minibatch-{width}x{height}-{locale}-full.png"), FullPage = true });

        // Back to epoch 2 by the slider: the landscape's steps follow the player.
        await page.Locator("#player-slider").FillAsync("2");
        await page.WaitForFunctionAsync("() => +document.querySelector('#landscape-chart').dataset.stepPoints === 7");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Comparing_lecture_001s_mini_batch_runs_draws_each_runs_zig_zag_as_the_run_page_does()
    {
        var page = await fixture.NewPageAsync("en-US", 1920, 1080);
        var errors = BrowserFixture.CollectErrors(page);
        await page.GotoAsync("/");
        await page.ClickAsync("[data-preset='l001-sgd'] .compare-all");
        await Assertions.Expect(page.Locator("#compare-table tbody tr")).ToHaveCountAsync(4, new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#compare-table td[data-status='running'], #compare-table td[data-status='queued']")).ToHaveCountAsync(0, new() { Timeout = 120_000 });
        // Batches of 10 on 30 rows: 3 steps an epoch for 300 epochs, from θ₀: 901 points; batches of 1: 9 001.
        await page.WaitForFunctionAsync("""
            () => [...document.querySelectorAll('#compare-landscapes canvas')].flatMap(c => (c.dataset.stepPoints ?? '').split(',')).some(n => n === '9001')
            """, null, new() { Timeout = 30_000 });
        var counts = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#compare-landscapes canvas')].map(c => c.dataset.stepPoints ?? '')");
        Assert.Contains(counts.SelectMany(c => c.Split(',')), n => n == "901");
        var figure = page.Locator("#compare-landscapes figure").First;
        await figure.ScrollIntoViewIfNeededAsync();
        await figure.ScreenshotAsync(new() { Path = Artifact("compare-minibatch-zigzag.png") });

        // Under the runs' lines, each mini-batch run's every batch loss, faint in its own colour: batches of 10 on 30
        // rows (3 an epoch), of 1 (30), and of 10 on the 24 rows the split leaves (3), for 300 epochs each.
        var loss = page.Locator("#compare-loss");
        await Assertions.Expect(loss).ToHaveAttributeAsync("data-batch-runs", new Regex("^[34]$"));
        var batchPoints = int.Parse((await loss.GetAttributeAsync("data-batch-points"))!, CultureInfo.InvariantCulture);
        Assert.True(batchPoints >= 900 + 9000 + 900, $"{batchPoints} batch losses drawn");
        await loss.ScrollIntoViewIfNeededAsync();
        await page.Locator("#compare-loss-figure").ScreenshotAsync(new() { Path = Artifact("compare-minibatch-batch-losses.png") });

        // The steps follow the shared player back to epoch 2.
        await page.Locator("#player-slider").FillAsync("2");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#compare-landscapes canvas')].flatMap(c => (c.dataset.stepPoints ?? '').split(',')).includes('7')");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_classification_job_with_a_split_shows_its_confusion_matrices_at_the_players_epoch()
    {
        var page = await fixture.NewPageAsync();
        await page.SetViewportSizeAsync(1920, 1080);
        var body = """
            { "dataset": { "name": "logistic" }, "model": { "type": "logistic" }, "loss": "bce", "optimizer": { "type": "adam" },
              "lr": 0.05, "epochs": 20, "init": { "seed": 43052 }, "batch": { "size": 100 }, "validation": { "fraction": 0.25 } }
            """;
        var response = await page.APIRequest.PostAsync("/train", new() { DataString = body, Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" } });
        Assert.Equal(202, response.Status);
        var id = (await response.JsonAsync())!.Value.GetProperty("id").GetString();
        await page.GotoAsync($"/?job={id}");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        var panel = page.Locator("#confusion-panel");
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-epoch", "20");
        var cells = await panel.Locator("td[data-cell]").AllInnerTextsAsync();
        Assert.Equal(8, cells.Count); // training and validation, 2 × 2 each
        Assert.Equal(1500, cells.Take(4).Sum(c => int.Parse(c, CultureInfo.InvariantCulture)));
        Assert.Equal(500, cells.Skip(4).Sum(c => int.Parse(c, CultureInfo.InvariantCulture)));
        Assert.Contains("accuracy", await page.Locator("#status-detail").InnerTextAsync(), StringComparison.Ordinal);
        await panel.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Artifact("minibatch-confusion.png") });

        // The form shows the job's batch and split, and sends them again.
        Assert.Equal("100", await page.Locator("input[name=batch]").InputValueAsync());
        Assert.Equal("0.25", await page.Locator("input[name=validation]").InputValueAsync());
        await page.Locator("input[name=batch]").FillAsync("7");
        var started = page.WaitForResponseAsync(r => r.Url.EndsWith("/train", StringComparison.Ordinal) && r.Request.Method == "POST");
        await page.ClickAsync("#start");
        var echo = (await (await started).JsonAsync())!.Value.GetProperty("request");
        Assert.Equal(7, echo.GetProperty("batch").GetProperty("size").GetInt32());
        Assert.Equal(0.25, echo.GetProperty("validation").GetProperty("fraction").GetDouble());
    }

    [Fact]
    public async Task Comparing_the_cards_runs_labels_each_by_its_batch()
    {
        var page = await fixture.NewPageAsync();
        await page.SetViewportSizeAsync(1920, 1080);
        var errors = BrowserFixture.CollectErrors(page);
        await page.GotoAsync("/");
        await page.ClickAsync("[data-preset='l001-sgd'] .compare-all");
        var rows = page.Locator("#compare-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await Assertions.Expect(rows.Locator("td[data-status='completed']")).ToHaveCountAsync(4, new() { Timeout = 90_000 });
        await Assertions.Expect(rows.Locator("td:first-child a")).ToHaveTextAsync(["batch = 10, no validation", "batch = 1, no validation", "batch = full, no validation", "batch = 10, validation = 0.2"]);
        await page.ScreenshotAsync(new() { Path = Artifact("minibatch-compare.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task New_sample_draws_the_generator_again_with_a_new_seed_and_trains_on_it()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.SelectOptionAsync("#dataset", "__generate");
        await page.SelectOptionAsync("select[name=generate]", "linear");
        await page.FillAsync("input[name=noise]", "2");
        var seed = page.Locator("input[name=seed]");
        Assert.Equal("0", await seed.InputValueAsync());
        await page.ClickAsync("#new-sample");
        var drawn = await seed.InputValueAsync();
        Assert.NotEqual("0", drawn);

        await page.FillAsync("input[name=weights]", "0, 0");
        await page.FillAsync("input[name=batch]", "20");
        var started = page.WaitForResponseAsync(r => r.Url.EndsWith("/train", StringComparison.Ordinal) && r.Request.Method == "POST");
        await page.ClickAsync("#start");
        var request = (await (await started).JsonAsync())!.Value.GetProperty("request");
        Assert.Equal(drawn, request.GetProperty("dataset").GetProperty("seed").GetUInt64().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(2.0, request.GetProperty("dataset").GetProperty("noise").GetDouble());
        Assert.Equal(20, request.GetProperty("batch").GetProperty("size").GetInt32());
        Assert.True(request.GetProperty("batch").GetProperty("shuffle").GetBoolean());
    }

    private static string Artifact(string name) => Path.Combine(TestPaths.Artifacts("GradientWeb.Browser.Tests"), name);
}
