using System.Net.Http.Json;
using System.Text.Json;
using GradientWeb.Testing;
using Microsoft.Playwright;

namespace GradientWeb.Browser.Tests;

/// <summary>
/// Issue 16: a long job whose server keeps only every k-th record (Limits:MaxStoredValues) is shown at its real
/// epochs: the loss is drawn at x = epoch, the player steps from stored record to stored record and names their
/// epochs, and the page says how many epochs each record stands for. A job keeps ŷ only on a sample of its epochs
/// (YhatSampling): the fit and the confusion matrix fetch the player's epoch's ŷ.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ThinnedJobTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_thinned_job_is_drawn_at_its_epochs_and_the_player_steps_over_the_stored_records()
    {
        // 2 weights, at most 204 stored values: 102 records, so a 5000-epoch job keeps epochs 0, 50, …, 5000.
        await using var server = new LiveServer(new() { ["Limits:MaxStoredValues"] = "204" });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var response = await http.PostAsync("/train", JsonContent.Create(JsonDocument.Parse("""
            { "dataset": { "name": "icecream" }, "model": { "type": "linear" }, "loss": "sse", "optimizer": { "type": "sgd" },
              "lr": 0.0001, "epochs": 5000, "init": { "weights": [-5, 10] } }
            """).RootElement));
        response.EnsureSuccessStatusCode();
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(50, job.GetProperty("recordEvery").GetInt32());

        await using var context = await fixture.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 720 } });
        var page = await context.NewPageAsync();
        var errors = BrowserFixture.CollectErrors(page);
        await page.GotoAsync($"/?job={job.GetProperty("id").GetString()}");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        var loss = page.Locator("#loss-chart");
        await Assertions.Expect(loss).ToHaveAttributeAsync("data-points", "101");
        await Assertions.Expect(loss).ToHaveAttributeAsync("data-last-epoch", "5000");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-epoch", "5000");

        var player = page.Locator("#player");
        await Assertions.Expect(player).ToHaveAttributeAsync("data-epoch", "5000");
        await Assertions.Expect(page.Locator("#player-label")).ToContainTextAsync("epoch 5000 / 5000");
        await Assertions.Expect(page.Locator("#player-label")).ToContainTextAsync("every 50th epoch stored");
        await page.Locator("#player-slider").FocusAsync();
        await page.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(player).ToHaveAttributeAsync("data-epoch", "4950");
        await Assertions.Expect(loss).ToHaveAttributeAsync("data-epoch", "4950");
        await page.Keyboard.PressAsync("Home");
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(player).ToHaveAttributeAsync("data-epoch", "50");
        await Assertions.Expect(page.Locator("#player-label")).ToContainTextAsync("epoch 50 / 5000");
        // The link names the epoch, not the record's index.
        // (replaceState, not a navigation: polled, as WaitForURL would wait for a load that never comes if it was already written)
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("epoch=50($|&)"));

        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.Artifacts("GradientWeb.Browser.Tests"), "thinned-job-1280x720.png") });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_fit_and_the_confusion_matrix_show_the_players_epoch_where_the_job_kept_no_yhat()
    {
        // 2 000 rows, 3 000 epochs: ŷ is stored on about every 6th epoch; the player stops on one in between.
        var page = await fixture.NewPageAsync(width: 1920, height: 1080);
        var errors = BrowserFixture.CollectErrors(page);
        var response = await page.APIRequest.PostAsync("/train", new()
        {
            DataString = """
                { "dataset": { "name": "dnnex0" }, "model": { "type": "logistic" }, "loss": "bce", "optimizer": { "type": "adam" },
                  "lr": 0.05, "epochs": 3000, "init": { "weights": [0, 0] } }
                """,
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" },
        });
        Assert.Equal(202, response.Status);
        var id = (await response.JsonAsync())!.Value.GetProperty("id").GetString();
        await page.GotoAsync($"/?job={id}");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#player")).ToHaveAttributeAsync("data-epoch", "3000");

        var stored = (await (await page.APIRequest.GetAsync($"/jobs/{id}/history")).JsonAsync())!.Value.GetProperty("records").EnumerateArray()
            .Where(r => r.TryGetProperty("yhat", out var yhat) && yhat.ValueKind == JsonValueKind.Array).Select(r => r.GetProperty("epoch").GetInt32()).ToHashSet();
        var target = Enumerable.Range(2900, 100).Last(e => !stored.Contains(e));
        await page.Locator("#player-slider").FocusAsync();
        for (var e = 3000; e > target; e--)
        {
            await page.Keyboard.PressAsync("ArrowLeft");
        }

        await Assertions.Expect(page.Locator("#player")).ToHaveAttributeAsync("data-epoch", target.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#fit-chart")).ToHaveAttributeAsync("data-epoch", target.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var panel = page.Locator("#confusion-panel");
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-epoch", target.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(panel.Locator("p.hint")).ToContainTextAsync($"{target}");
        var cells = await panel.Locator("td[data-cell]").AllInnerTextsAsync();
        Assert.Equal(2000, cells.Sum(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Empty(errors);
    }
}
