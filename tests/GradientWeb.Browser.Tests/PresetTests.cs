using System.Globalization;
using GradientWeb.Testing;
using Microsoft.Playwright;

namespace GradientWeb.Browser.Tests;

/// <summary>
/// Each lecture preset as a student uses it: one click runs it to the end, every view the lecture draws holds
/// the last epoch, and the player takes every view back to an earlier one.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PresetTests(BrowserFixture fixture)
{
    public static TheoryData<string, int> Presets => new()
    {
        { "l000-fit", 0 },
        { "l000-learning-rates", 3 },
        { "l001-mse", 0 },
        { "l002-function", 0 },
        { "l002-heightweight", 1 },
        { "l003-bce-mse", 1 },
        { "l003-adam", 1 },
        { "l003-dnnex0", 0 },
        { "l003-dnnex2", 0 },
        { "l003-dnnex3", 0 },
        { "l004-beta", 3 },
        { "l004-homework", 0 },
    };

    // The element each view writes the epoch it shows into.
    private static readonly Dictionary<string, string> EpochElement = new()
    {
        ["fit"] = "#fit-chart",
        ["boundary"] = "#boundary-chart",
        ["loss"] = "#loss-chart",
        ["weights"] = "#weights-chart",
        ["landscape"] = "#landscape-chart",
        ["step"] = "#step-panel",
        ["graph"] = "#graph-panel",
    };

    [Theory]
    [MemberData(nameof(Presets))]
    public async Task A_preset_runs_to_its_end_and_the_player_moves_every_view(string preset, int run)
    {
        var page = await fixture.NewPageAsync();
        var errors = BrowserFixture.CollectErrors(page);
        await page.GotoAsync("/");
        await page.ClickAsync($"[data-preset='{preset}'] button[data-run='{run}']");

        var status = page.Locator("#status");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-status", new System.Text.RegularExpressions.Regex("^(completed|diverged)$"), new() { Timeout = 60_000 });
        // "completed" is the server's word as soon as the job ends; a long job's records may still be going into the
        // page a few frames at a time (the player follows them), so the views are checked at the job's last epoch.
        var id = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query)["job"];
        var job = await (await page.APIRequest.GetAsync($"/jobs/{id}")).JsonAsync();
        var last = job!.Value.GetProperty("epochsDone").GetInt32();
        Assert.True(last > 0);
        await Assertions.Expect(page.Locator("#player")).ToHaveAttributeAsync("data-epoch", last.ToString(CultureInfo.InvariantCulture), new() { Timeout = 30_000 });

        var open = await OpenViews(page);
        Assert.NotEmpty(open);
        await ExpectViewsAt(page, open, last);
        await page.ScreenshotAsync(new() { Path = Artifact($"preset-{preset}-{run}.png"), FullPage = true });

        // The player takes every view back: half-way, by the slider.
        var earlier = last / 2;
        await page.Locator("#player-slider").FillAsync(earlier.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#player")).ToHaveAttributeAsync("data-epoch", earlier.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#player")).ToHaveAttributeAsync("data-following", "false");
        await ExpectViewsAt(page, open, earlier);
        await page.ScreenshotAsync(new() { Path = Artifact($"preset-{preset}-{run}-epoch{earlier}.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Keys_step_play_and_return_to_live()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.ClickAsync("[data-preset='l000-fit'] button[data-run='0']");
        var player = page.Locator("#player");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed");
        await Assertions.Expect(player).ToHaveAttributeAsync("data-epoch", "30");

        await page.Locator("body").ClickAsync(new() { Position = new() { X = 5, Y = 5 } });
        await page.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(player).ToHaveAttributeAsync("data-epoch", "29");
        await page.Keyboard.PressAsync("Shift+ArrowLeft");
        await Assertions.Expect(player).ToHaveAttributeAsync("data-epoch", "19");
        await page.Keyboard.PressAsync("Home");
        await Assertions.Expect(player).ToHaveAttributeAsync("data-epoch", "0");
        await Assertions.Expect(page.Locator("#fit-chart")).ToHaveAttributeAsync("data-epoch", "0");

        // Space plays from here at the default pace (30 epochs: 3 per second) and stops at the end.
        await page.Keyboard.PressAsync(" ");
        await Assertions.Expect(player).ToHaveAttributeAsync("data-playing", "true");
        await page.WaitForTimeoutAsync(1500);
        var during = int.Parse((await player.GetAttributeAsync("data-epoch"))!, CultureInfo.InvariantCulture);
        Assert.InRange(during, 2, 12);
        await page.Keyboard.PressAsync(" ");
        await Assertions.Expect(player).ToHaveAttributeAsync("data-playing", "false");
        await page.Keyboard.PressAsync("End");
        await Assertions.Expect(player).ToHaveAttributeAsync("data-epoch", "30");
        await Assertions.Expect(player).ToHaveAttributeAsync("data-following", "true");
    }

    [Fact]
    public async Task The_landscape_zooms_out_from_a_stuck_start_and_fits_the_path_again()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.ClickAsync("[data-preset='l003-bce-mse'] button[data-run='1']"); // MSE from the bad start: stuck
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed");
        var chart = page.Locator("#landscape-chart");
        await page.WaitForFunctionAsync("() => document.querySelector('#landscape-chart').dataset.aRange");
        var before = Width(await chart.GetAttributeAsync("data-a-range"));

        await page.ClickAsync("#landscape-out");
        await page.WaitForFunctionAsync($"() => {{ const [lo, hi] = document.querySelector('#landscape-chart').dataset.aRange.split(',').map(Number); return hi - lo > {before.ToString(CultureInfo.InvariantCulture)} * 1.9; }}");
        await page.ClickAsync("#landscape-out");
        await page.WaitForFunctionAsync($"() => {{ const [lo, hi] = document.querySelector('#landscape-chart').dataset.aRange.split(',').map(Number); return hi - lo > {before.ToString(CultureInfo.InvariantCulture)} * 3.9; }}");
        await page.ScreenshotAsync(new() { Path = Artifact("landscape-zoomed-out.png"), FullPage = true });

        await page.ClickAsync("#landscape-fit");
        await page.WaitForFunctionAsync($"() => {{ const [lo, hi] = document.querySelector('#landscape-chart').dataset.aRange.split(',').map(Number); return Math.abs(hi - lo - {before.ToString(CultureInfo.InvariantCulture)}) < 1e-6; }}");

        static double Width(string? range)
        {
            var parts = range!.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            return parts[1] - parts[0];
        }
    }

    private static async Task<List<string>> OpenViews(IPage page) =>
        [.. (await page.Locator("[data-view]:visible").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.view)")).Distinct()];

    private static async Task ExpectViewsAt(IPage page, List<string> open, int epoch)
    {
        var text = epoch.ToString(CultureInfo.InvariantCulture);
        foreach (var view in open)
        {
            if (view == "fit")
            {
                // ŷ is kept on a sample of a long run's epochs: the fit shows the newest at or before the player's.
                await page.WaitForFunctionAsync($"() => {{ const e = +document.querySelector('#fit-chart').dataset.epoch; return e <= {epoch} && e >= {epoch} * 0.9 - 10; }}");
            }
            else if (EpochElement.TryGetValue(view, out var selector))
            {
                await Assertions.Expect(page.Locator(selector)).ToHaveAttributeAsync("data-epoch", text);
            }
        }

        if (open.Contains("landscape"))
        {
            await page.WaitForFunctionAsync("() => +document.querySelector('#landscape-chart').dataset.cells > 0");
        }

        if (open.Contains("boundary"))
        {
            await Assertions.Expect(page.Locator("#boundary-chart")).ToHaveAttributeAsync("data-cells", "2500");
        }

        if (open.Contains("gridsearch"))
        {
            await page.WaitForFunctionAsync("() => +document.querySelector('#gridsearch').dataset.grid > 0");
        }

        if (open.Contains("graph"))
        {
            await page.WaitForFunctionAsync("() => +document.querySelector('#graph-panel').dataset.nodes > 2");
        }
    }

    private static string Artifact(string name) => Path.Combine(TestPaths.Artifacts("GradientWeb.Browser.Tests"), name);
}
