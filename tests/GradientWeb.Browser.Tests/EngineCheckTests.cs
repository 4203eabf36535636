using System.Text.Json;
using Microsoft.Playwright;

namespace GradientWeb.Browser.Tests;

/// <summary>
/// Issue 18 on the run page: "Check against libtorch" reruns a finished job on libtorch (GET /jobs/{id}/check) and
/// shows the largest per-epoch difference in the loss and the weights; where the server cannot load libtorch
/// (GET /engines says why) the button is disabled with that reason.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EngineCheckTests(BrowserFixture fixture)
{
    private async Task<IPage> FinishedLecture000(string locale)
    {
        var page = await fixture.NewPageAsync(locale, 1280, 720);
        await page.GotoAsync("/");
        await page.ClickAsync("[data-preset='l000-fit'] button[data-run='0']");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        return page;
    }

    [Fact]
    public async Task Where_libtorch_cannot_load_the_check_button_is_disabled_with_the_servers_reason()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var engines = JsonDocument.Parse(await http.GetStringAsync("/engines")).RootElement.EnumerateArray().ToList();
        var libtorch = engines.Single(e => e.GetProperty("name").GetString() == "libtorch");
        // This test is for a machine without libtorch (Debian 12); where it loads, the routed test below covers the page.
        if (libtorch.GetProperty("available").GetBoolean())
        {
            return;
        }

        var reason = libtorch.GetProperty("reason").GetString()!;
        var page = await FinishedLecture000("en-US");
        var button = page.Locator("#engine-check");
        await Assertions.Expect(button).ToBeVisibleAsync();
        await Assertions.Expect(button).ToBeDisabledAsync();
        await Assertions.Expect(button).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(reason)));
        await Assertions.Expect(page.Locator("#engine-check-result")).ToContainTextAsync(reason);
        await page.Locator("#status").ScreenshotAsync(new() { Path = Artifact("engine-check-unavailable.png") });
    }

    // The server's answer for lecture 000 on a machine where libtorch loads (Debian 13, the shape EngineCheck returns
    // and EnginesApiTests checks: loss and weights within 1e-4 relative over 30 epochs). This machine cannot load
    // libtorch, so the page's available path is driven by routing /engines and /check to these answers.
    private const string EnginesAvailable = """
        [{"name":"gradientweb","version":"GradientWeb 1.0.0","available":true,"reason":null,"description":"Our float32 autograd engine."},
         {"name":"libtorch","version":"libtorch 2.10.0 (TorchSharp 0.107.0)","available":true,"reason":null,"description":"PyTorch's own C++ library through TorchSharp."}]
        """;

    private const string CheckAnswer = """
        {"engine":"libtorch","against":"gradientweb","epochs":30,"sameEnd":true,
         "loss":{"epoch":12,"index":null,"name":null,"job":27.30914,"other":27.309141,"absolute":3.0517578125e-06,"relative":1.1174e-07},
         "weights":{"epoch":30,"index":1,"name":"w1","job":4.0145183,"other":4.0145187,"absolute":4.76837158203125e-07,"relative":1.18778e-07}}
        """;

    [Theory]
    [InlineData("en-US", "loss", "w1")]
    [InlineData("ko-KR", "손실", "w1")]
    public async Task Where_libtorch_is_available_the_check_shows_the_largest_differences(string locale, string lossWord, string weight)
    {
        var page = await fixture.NewPageAsync(locale, 1280, 720);
        var checks = 0;
        await page.RouteAsync("**/engines", route => route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = EnginesAvailable }));
        await page.RouteAsync("**/jobs/*/check", route =>
        {
            checks++;
            return route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = CheckAnswer });
        });
        await page.GotoAsync("/");
        await page.ClickAsync("[data-preset='l000-fit'] button[data-run='0']");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        var button = page.Locator("#engine-check");
        await Assertions.Expect(button).ToBeEnabledAsync();
        await button.ClickAsync();
        var result = page.Locator("#engine-check-result");
        await Assertions.Expect(result).ToContainTextAsync("3.05 × 10⁻⁶");
        await Assertions.Expect(result).ToContainTextAsync("4.77 × 10⁻⁷");
        await Assertions.Expect(result).ToContainTextAsync(lossWord);
        await Assertions.Expect(result).ToContainTextAsync(weight);
        await Assertions.Expect(result).ToContainTextAsync("30");
        Assert.Equal(1, checks);
        await page.Locator("#status").ScreenshotAsync(new() { Path = Artifact($"engine-check-{locale}.png") });
    }

    private static string Artifact(string name) => Path.Combine(GradientWeb.Testing.TestPaths.Artifacts("GradientWeb.Browser.Tests"), name);
}
