using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GradientWeb.Testing;
using Microsoft.Playwright;

namespace GradientWeb.Browser.Tests;

/// <summary>
/// The compare page as a lecturer uses it: lecture 000's four learning rates as a sweep, lecture 002's SGD against
/// momentum from the preset card, lecture 003's BCE and MSE side by side, and any jobs picked from the list.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CompareTests(BrowserFixture fixture)
{
    private const string Lecture000 = """
        { "dataset": { "name": "icecream" }, "model": { "type": "linear" }, "loss": "sse",
          "optimizer": { "type": "sgd" }, "lr": 0.001, "epochs": 30, "init": { "weights": [-5, 10] } }
        """;

    [Fact]
    public async Task Lecture_000s_four_learning_rates_overlay_on_one_loss_chart_and_one_landscape()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var response = await http.PostAsync("/sweeps", new StringContent($$"""{ "base": {{Lecture000}}, "vary": { "lr": [0.0001, 0.001, 0.0083, 0.0085] } }""", Encoding.UTF8, "application/json"));
        var sweep = await response.Content.ReadFromJsonAsync<JsonElement>();
        var compareUrl = sweep.GetProperty("compareUrl").GetString()!;

        var page = await fixture.NewPageAsync();
        var errors = BrowserFixture.CollectErrors(page);
        await page.GotoAsync(compareUrl);
        var rows = page.Locator("#compare-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await ExpectAllFinished(page);
        await Assertions.Expect(page.Locator("#compare-title")).ToHaveTextAsync("Sweep: 4 runs");
        await Assertions.Expect(page.Locator("#compare-loss")).ToHaveAttributeAsync("data-points", "124");
        await Assertions.Expect(rows.Locator("td:first-child a")).ToHaveTextAsync(["lr = 0.0001", "lr = 0.001", "lr = 0.0083", "lr = 0.0085"]);

        // One data set, model and loss: one shared landscape with four paths, one fit chart with four lines.
        var landscape = page.Locator("[data-compare-landscape]");
        await Assertions.Expect(landscape).ToHaveCountAsync(1);
        await Assertions.Expect(landscape).ToHaveAttributeAsync("data-map", "ready");
        await Assertions.Expect(landscape.Locator("canvas")).ToHaveAttributeAsync("data-path-points", "31,31,31,31");
        await Assertions.Expect(page.Locator("[data-compare-fit] canvas")).ToHaveAttributeAsync("data-lines", "4");

        // The default target is 10% above the best final loss (26.399 at α = 0.001, lecture 000's printed 26.40):
        // only that run reaches it, at epoch 20.
        await Assertions.Expect(page.Locator("#compare-table")).ToHaveAttributeAsync("data-target", "29");
        await Assertions.Expect(rows.Nth(1).Locator("td").Nth(4)).ToHaveTextAsync(new Regex(@"^20 \(target 29\)$"));
        await Assertions.Expect(rows.Nth(3).Locator("td").Nth(4)).ToHaveTextAsync(new Regex(@"^not reached \(target 29\)$"));
        await page.FillAsync("#compare-target", "1000");
        await page.DispatchEventAsync("#compare-target", "change");
        await Assertions.Expect(rows.Nth(2).Locator("td").Nth(4)).ToHaveTextAsync(new Regex(@"^3 \(target 1000\)$"));

        await page.CheckAsync("#compare-log");
        await Assertions.Expect(page.Locator("#compare-loss")).ToHaveAttributeAsync("data-scale", "log");

        // The shared player moves every view, and the URL keeps the epoch: a link reopens it there.
        await page.Locator("#player-slider").FillAsync("12");
        await Assertions.Expect(page.Locator("#compare-loss")).ToHaveAttributeAsync("data-epoch", "12");
        await Assertions.Expect(landscape.Locator("canvas")).ToHaveAttributeAsync("data-path-points", "13,13,13,13");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("epoch=12"));
        await page.ScreenshotAsync(new() { Path = Artifact("compare-lecture000-learning-rates.png"), FullPage = true });

        var again = await fixture.NewPageAsync();
        await again.GotoAsync(page.Url);
        await Assertions.Expect(again.Locator("#player-label")).ToHaveTextAsync("epoch 12 / 30");
        await Assertions.Expect(again.Locator("[data-compare-landscape] canvas")).ToHaveAttributeAsync("data-path-points", "13,13,13,13");

        // The sweep's history in one file, from the page.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#compare-exports a:text('CSV')"));
        Assert.Equal($"gradientweb-sweep-{sweep.GetProperty("id").GetString()}-history.csv", download.SuggestedFilename);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_shared_player_steps_over_thinned_runs_stored_epochs_and_every_view_follows_it()
    {
        // 2 weights, at most 204 stored values: 102 records each, so two 5000-epoch runs keep epochs 0, 50, …, 5000.
        await using var server = new LiveServer(new() { ["Limits:MaxStoredValues"] = "204" });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var ids = new List<string>();
        foreach (var lr in new[] { "0.0001", "0.00005" })
        {
            ids.Add(await http.StartJobAsync($$"""
                { "dataset": { "name": "icecream" }, "model": { "type": "linear" }, "loss": "sse", "optimizer": { "type": "sgd" },
                  "lr": {{lr}}, "epochs": 5000, "init": { "weights": [-5, 10] } }
                """));
        }

        await using var context = await fixture.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 720 } });
        var page = await context.NewPageAsync();
        var errors = BrowserFixture.CollectErrors(page);
        await page.GotoAsync($"/?compare={string.Join(',', ids)}");
        await ExpectAllFinished(page);
        var loss = page.Locator("#compare-loss");
        await Assertions.Expect(loss).ToHaveAttributeAsync("data-points", "202");
        var player = page.Locator("#player");
        await Assertions.Expect(player).ToHaveAttributeAsync("data-epoch", "5000");
        await Assertions.Expect(page.Locator("#player-label")).ToContainTextAsync("epoch 5000 / 5000");
        await Assertions.Expect(page.Locator("#player-label")).ToContainTextAsync("every 50th epoch stored");
        var landscape = page.Locator("[data-compare-landscape]");
        await Assertions.Expect(landscape).ToHaveAttributeAsync("data-map", "ready");

        // One step back is the previous stored epoch (4950, not 4999), on the loss chart and both paths.
        await page.Locator("#player-slider").FocusAsync();
        await page.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(player).ToHaveAttributeAsync("data-epoch", "4950");
        await Assertions.Expect(loss).ToHaveAttributeAsync("data-epoch", "4950");
        await Assertions.Expect(landscape.Locator("canvas")).ToHaveAttributeAsync("data-path-points", "100,100");
        await page.Keyboard.PressAsync("Home");
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(player).ToHaveAttributeAsync("data-epoch", "50");
        await Assertions.Expect(page.Locator("#player-label")).ToContainTextAsync("epoch 50 / 5000");
        await Assertions.Expect(landscape.Locator("canvas")).ToHaveAttributeAsync("data-path-points", "2,2");
        await Assertions.Expect(page.Locator("[data-compare-fit] canvas")).ToHaveAttributeAsync("data-epoch", "50");
        // Each fit is the run's ŷ at or before epoch 50 (record 1), never a later record's (record 50 is epoch 2500).
        await Assertions.Expect(page.Locator("[data-compare-fit] canvas")).ToHaveAttributeAsync("data-yhat-epochs", new Regex("^(0|50),(0|50)$"));
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("epoch=50($|&)"));

        // The loss chart is drawn at a readable size on a lecturer's laptop.
        var box = await loss.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Width > 300 && box.Height > 150, $"the loss chart is {box.Width}×{box.Height}");
        await page.ScreenshotAsync(new() { Path = Artifact("compare-thinned-runs-1280x720.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Lecture_002s_sgd_and_momentum_from_the_preset_card_share_a_landscape_and_momentum_gets_there_first()
    {
        var page = await fixture.NewPageAsync();
        var errors = BrowserFixture.CollectErrors(page);
        await page.GotoAsync("/");
        await page.ClickAsync("[data-preset='l002-heightweight'] .compare-all");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"\?compare=[0-9a-f]{24},[0-9a-f]{24}$"));
        var rows = page.Locator("#compare-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await ExpectAllFinished(page);
        await Assertions.Expect(rows.Locator("td:first-child a")).ToHaveTextAsync(["SGD", "SGD, momentum 0.9"]); // the preset's own run names (issue 15)
        await Assertions.Expect(page.Locator("[data-compare-landscape]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-compare-landscape]")).ToHaveAttributeAsync("data-map", "ready");

        await page.FillAsync("#compare-target", "5");
        await page.DispatchEventAsync("#compare-target", "change");
        var sgd = EpochsToTarget(await rows.Nth(0).Locator("td").Nth(4).InnerTextAsync());
        var momentum = EpochsToTarget(await rows.Nth(1).Locator("td").Nth(4).InnerTextAsync());
        Assert.True(momentum < sgd, $"momentum reached loss 5 at epoch {momentum}, SGD at {sgd}");

        await page.Locator("#player-slider").FillAsync("40");
        await Assertions.Expect(page.Locator("[data-compare-fit] canvas")).ToHaveAttributeAsync("data-epoch", "40");
        await page.ScreenshotAsync(new() { Path = Artifact("compare-lecture002-sgd-momentum.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Lecture_003s_bce_and_mse_get_a_landscape_each_side_by_side()
    {
        var page = await fixture.NewPageAsync("ko-KR");
        await page.GotoAsync("/");
        await page.ClickAsync("[data-preset='l003-bce-mse'] .compare-all");
        await Assertions.Expect(page.Locator("#compare-table tbody tr")).ToHaveCountAsync(4);
        await ExpectAllFinished(page, timeout: 90_000);
        var maps = page.Locator("[data-compare-landscape]");
        await Assertions.Expect(maps).ToHaveCountAsync(2);
        await Assertions.Expect(maps.Locator("figcaption")).ToContainTextAsync(["mse", "bce"]);
        await Assertions.Expect(maps.Nth(1)).ToHaveAttributeAsync("data-map", "ready");
        // A Korean browser gets the lectures' terms.
        await Assertions.Expect(page.Locator("#compare-table th").Nth(3)).ToHaveTextAsync("최종 손실");
        await page.ScreenshotAsync(new() { Path = Artifact("compare-lecture003-bce-mse-ko.png"), FullPage = true });
    }

    [Fact]
    public async Task Jobs_picked_from_the_list_are_compared_and_one_can_be_taken_out()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var a = await http.StartJobAndWaitAsync(Lecture000);
        var b = await http.StartJobAndWaitAsync(Lecture000.Replace("\"sgd\"", "\"adam\"", StringComparison.Ordinal).Replace("0.001", "0.5", StringComparison.Ordinal));

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.CheckAsync($"#recent-jobs input[value='{a}']");
        await page.CheckAsync($"#recent-jobs input[value='{b}']");
        await page.ClickAsync("#compare-selected");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"compare=({a},{b}|{b},{a})"));
        var rows = page.Locator("#compare-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        // Different optimizers: the labels name the type, not options that mean nothing to the other.
        await Assertions.Expect(page.Locator("#compare-table")).ToContainTextAsync("optimizer = adam");

        await rows.Nth(0).Locator("button.remove").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"compare=[0-9a-f]{24}$"));

        // Back and close return to the pages before.
        await page.GoBackAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await page.ClickAsync("#compare-close");
        await Assertions.Expect(page.Locator("#compare")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_forms_sweep_starts_every_value_and_opens_their_comparison_and_a_bad_value_starts_nothing()
    {
        var page = await fixture.NewPageAsync();
        var errors = BrowserFixture.CollectErrors(page);
        await page.GotoAsync("/");
        await page.ClickAsync("#sweep summary");
        await page.FillAsync("#sweep-values", "0.001, -1");
        await page.ClickAsync("#sweep-start");
        // The server's refusal of the second value, beside the values (its sentence is plain: it is shown as well).
        await Assertions.Expect(page.Locator("label:has(#sweep-values) .field-error")).ToContainTextAsync("lr = -1");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/$"));
        // A value that is no number is named by the page itself, and nothing is sent.
        await page.FillAsync("#sweep-values", "0.001, abc");
        await page.ClickAsync("#sweep-start");
        await Assertions.Expect(page.Locator("label:has(#sweep-values) .field-error")).ToContainTextAsync("“abc”");

        await page.FillAsync("#sweep-values", "0.0001, 0.001, 0.0083, 0.0085");
        await page.ClickAsync("#sweep-start");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"\?sweep=[0-9a-f]{24}$"));
        await Assertions.Expect(page.Locator("#compare-table tbody tr")).ToHaveCountAsync(4);
        await ExpectAllFinished(page);
        await Assertions.Expect(page.Locator("#compare-table tbody td:first-child a")).ToHaveTextAsync(["lr = 0.0001", "lr = 0.001", "lr = 0.0083", "lr = 0.0085"]);
        Assert.DoesNotContain(errors, e => !e.Contains("400", StringComparison.Ordinal)); // the refused sweep logs its 400
    }

    [Fact]
    public async Task A_diverging_run_turns_the_overlaid_loss_to_a_log_scale()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var body = $$"""{ "base": {{Lecture000.Replace("30", "150", StringComparison.Ordinal)}}, "vary": { "lr": [0.001, 0.02] } }""";
        var sweep = await (await http.PostAsync("/sweeps", new StringContent(body, Encoding.UTF8, "application/json"))).Content.ReadFromJsonAsync<JsonElement>();

        var page = await fixture.NewPageAsync();
        await page.GotoAsync(sweep.GetProperty("compareUrl").GetString()!);
        await ExpectAllFinished(page);
        await Assertions.Expect(page.Locator("#compare-table tbody tr").Nth(1).Locator("td[data-status]")).ToHaveAttributeAsync("data-status", "diverged");
        await Assertions.Expect(page.Locator("#compare-loss")).ToHaveAttributeAsync("data-scale", "log");
        await Assertions.Expect(page.Locator("#compare-log")).ToBeCheckedAsync();

        // The user's choice stands.
        await page.UncheckAsync("#compare-log");
        await Assertions.Expect(page.Locator("#compare-loss")).ToHaveAttributeAsync("data-scale", "linear");
    }

    [Fact]
    public async Task Every_chart_saves_as_a_png_named_after_what_it_shows()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var id = await http.StartJobAndWaitAsync(Lecture000);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/?job={id}&epoch=5");
        await Assertions.Expect(page.Locator("#player-label")).ToHaveTextAsync("epoch 5 / 30");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("figure:has(#loss-chart) .save-png"));
        Assert.Equal($"gradientweb-job-{id}-loss-epoch5.png", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"gw-{Guid.NewGuid():N}.png");
        await download.SaveAsAsync(path);
        var bytes = await File.ReadAllBytesAsync(path);
        File.Delete(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.True(bytes.Length > 5_000, $"{bytes.Length} bytes: a drawn chart, not an empty canvas");
    }

    [Fact]
    public async Task The_page_follows_the_browser_language_and_switches_on_request()
    {
        var page = await fixture.NewPageAsync("ko-KR");
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#start")).ToHaveTextAsync("학습 시작");
        await Assertions.Expect(page.Locator("label:has(input[name='lr']) span")).ToHaveTextAsync("학습률 α");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ko");

        await page.SelectOptionAsync("#lang", "en");
        await Assertions.Expect(page.Locator("#start")).ToHaveTextAsync("Start training");
        await Assertions.Expect(page.Locator("label:has(input[name='epochs']) span")).ToHaveTextAsync("Epochs");
        // The choice is remembered, and a link can carry a language.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#start")).ToHaveTextAsync("Start training");
        await page.GotoAsync("/?lang=ko");
        await Assertions.Expect(page.Locator("#player-label")).ToHaveTextAsync("에폭 0 / 0");
    }

    private static async Task ExpectAllFinished(IPage page, float timeout = 60_000)
    {
        var status = page.Locator("#compare-table tbody td[data-status]");
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('#compare-table tbody td[data-status]')].every(td => ['completed', 'diverged'].includes(td.dataset.status))",
            null,
            new() { Timeout = timeout });
        Assert.True(await status.CountAsync() > 0);
    }

    private static string Artifact(string name) => Path.Combine(TestPaths.Artifacts("GradientWeb.Browser.Tests"), name);

    /// <summary>The epoch a runs-table cell says the run reached its target ("20 (target 29)" → 20).</summary>
    private static int EpochsToTarget(string cell) =>
        int.Parse(Regex.Match(cell, @"^\d+").Value, System.Globalization.CultureInfo.InvariantCulture);
}
