using System.Net.Http.Json;
using System.Text.Json;
using GradientWeb.Testing;
using Microsoft.Playwright;

namespace GradientWeb.Browser.Tests;

/// <summary>The page as a student uses it: open it, press Start, watch lecture 000's fit learn.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RunPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Starting_the_prefilled_lecture_000_job_shows_it_live_to_epoch_30()
    {
        var page = await fixture.NewPageAsync();
        var errors = BrowserFixture.CollectErrors(page);

        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("input[name=lr]")).ToHaveValueAsync("0.001");
        await Assertions.Expect(page.Locator("input[name=epochs]")).ToHaveValueAsync("30");
        await page.ClickAsync("#start");

        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed");
        await Assertions.Expect(page.Locator("#progress-text")).ToHaveTextAsync("epoch 30 of 30");
        await Assertions.Expect(page.Locator("#loss-chart")).ToHaveAttributeAsync("data-points", "31");
        await Assertions.Expect(page.Locator("#loss-chart")).ToHaveAttributeAsync("data-last-epoch", "30");
        await Assertions.Expect(page.Locator("#weights-chart")).ToHaveAttributeAsync("data-last-epoch", "30");
        await Assertions.Expect(page.Locator("#fit-chart")).ToHaveAttributeAsync("data-epoch", "30");
        await Assertions.Expect(page.Locator("#fit-chart")).ToHaveAttributeAsync("data-points", "100");
        await Assertions.Expect(page.Locator("#status-detail")).ToContainTextAsync("2.4289, 4.0145");
        Assert.Matches(@"\?job=[0-9a-f]{24}$", page.Url);

        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.Artifacts("GradientWeb.Browser.Tests"), "lecture000-fit.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_shared_link_reopens_the_run()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var response = await http.PostAsync("/train", JsonContent.Create(JsonDocument.Parse("""
            { "dataset": { "name": "icecream" }, "loss": "sse", "lr": 0.01, "epochs": 300, "init": { "weights": [-5, 10] } }
            """).RootElement));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/?job={id}");

        // lr = 0.01 blows up: the page must say so, at the epoch the engine found.
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "diverged");
        await Assertions.Expect(page.Locator("#status-detail")).ToContainTextAsync("Diverged at epoch 117");
        await Assertions.Expect(page.Locator("#loss-chart")).ToHaveAttributeAsync("data-points", "118");
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.Artifacts("GradientWeb.Browser.Tests"), "lecture000-diverged.png"), FullPage = true });
    }

    [Fact]
    public async Task A_bad_learning_rate_is_shown_next_to_its_field()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("input[name=lr]", "-1");
        await page.ClickAsync("#start");
        await Assertions.Expect(page.Locator("label:has(input[name=lr]) .field-error")).ToHaveTextAsync("Must be greater than 0.");
        await Assertions.Expect(page.Locator("#form-error")).ToContainTextAsync("Nothing was started");
    }

    [Fact]
    public async Task Swagger_ui_renders_under_its_content_security_policy()
    {
        var page = await fixture.NewPageAsync();
        var errors = BrowserFixture.CollectErrors(page);
        await page.GotoAsync("/swagger");
        await Assertions.Expect(page.Locator(".opblock-summary-path").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("text=/train").First).ToBeVisibleAsync();
        Assert.Empty(errors);
    }
}
