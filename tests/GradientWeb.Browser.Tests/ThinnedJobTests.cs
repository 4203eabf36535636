using System.Net.Http.Json;
using System.Text.Json;
using GradientWeb.Testing;
using Microsoft.Playwright;

namespace GradientWeb.Browser.Tests;

/// <summary>
/// Issue 16: a long job whose server keeps only every k-th record (Limits:MaxStoredValues) is shown at its real
/// epochs: the loss is drawn at x = epoch, the player steps from stored record to stored record and names their
/// epochs, and the page says how many epochs each record stands for.
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
}
