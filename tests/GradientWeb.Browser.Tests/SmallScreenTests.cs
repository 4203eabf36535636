using System.Text.RegularExpressions;
using GradientWeb.Testing;
using Microsoft.Playwright;

namespace GradientWeb.Browser.Tests;

/// <summary>
/// Issue 15's views on a laptop (1280×720) and a phone (390×844), in English and Korean: each view lies inside the
/// window's width and height once scrolled to, the landscape keeps a readable shape, the step panel never breaks a
/// number, and the compared runs' chart and table fit. Screenshots go to TestResults/artifacts/small.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SmallScreenTests(BrowserFixture fixture)
{
    private static readonly Regex Finished = new("^(completed|diverged)$");

    /// <summary>A laptop and a phone, each in English and Korean.</summary>
    public static TheoryData<string, int, int> Screens => new()
    {
        { "en-US", 1280, 720 },
        { "ko-KR", 1280, 720 },
        { "en-US", 390, 844 },
        { "ko-KR", 390, 844 },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Adams_run_shows_every_view_inside_the_window_without_breaking_a_number(string locale, int width, int height)
    {
        var page = await fixture.NewPageAsync(locale, width, height);
        var errors = BrowserFixture.CollectErrors(page);
        var name = $"{locale[..2]}-{width}x{height}";
        await page.GotoAsync("/");
        await page.ClickAsync("[data-preset='l003-adam'] button[data-run='1']");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", Finished, new() { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("#step-panel pre.rule")).ToContainTextAsync("m̂", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#landscape-chart")).Not.ToHaveAttributeAsync("data-contours", "0", new() { Timeout = 30_000 });

        foreach (var view in new[] { "fit", "landscape", "loss", "step" })
        {
            var figure = page.Locator($"#run-grid figure[data-view='{view}']");
            await figure.ScrollIntoViewIfNeededAsync();
            await ExpectInside(page, figure, $"{view} ({name})");
            await figure.ScreenshotAsync(new() { Path = Artifact($"{name}-{view}.png") });
        }

        // The map is drawn in a box of a readable shape: not a strip squeezed into a short row.
        var map = await page.Locator("#landscape-chart").BoundingBoxAsync();
        Assert.True(map!.Height >= Math.Min(260, 0.5 * map.Width), $"the landscape is drawn {map.Width:F0}×{map.Height:F0} at {name}");

        // No number in the step panel breaks over two lines: every table cell is one line, every number of the rule one box.
        var broken = await page.Locator("#step-panel").EvaluateAsync<string[]>("""
            p => [...p.querySelectorAll('td, .rule .n')].filter(e => {
              const range = document.createRange(); range.selectNodeContents(e);
              const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
              return lines.size > 1;
            }).map(e => e.textContent)
            """);
        Assert.True(broken.Length == 0, $"numbers broken over lines at {name}: {string.Join(" | ", broken)}");
        if (width >= 1280)
        {
            var sideways = await page.Locator("#step-panel").EvaluateAsync<bool>("p => [...p.querySelectorAll('.table-scroll, pre.rule')].some(e => e.scrollWidth > e.clientWidth + 1)");
            Assert.False(sideways, $"the step panel scrolls sideways at {name}");
        }

        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), $"the page scrolls sideways at {name}");
        await page.ScreenshotAsync(new() { Path = Artifact($"{name}-run.png") });
        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Lecture_004s_compared_runs_and_a_nets_graph_fit_the_window(string locale, int width, int height)
    {
        var page = await fixture.NewPageAsync(locale, width, height);
        var errors = BrowserFixture.CollectErrors(page);
        var name = $"{locale[..2]}-{width}x{height}";
        await page.GotoAsync("/");
        await page.ClickAsync("[data-preset='l004-beta'] .compare-all");
        var rows = page.Locator("#compare-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(5, new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#compare-table td[data-status='running'], #compare-table td[data-status='queued']")).ToHaveCountAsync(0, new() { Timeout = 120_000 });
        // The table's own box (a phone scrolls a wide table inside it, never the page).
        foreach (var (selector, file) in new[] { ("#compare-loss-figure", "compare-loss"), ("#compare .table-box", "compare-table") })
        {
            var element = page.Locator(selector);
            await element.ScrollIntoViewIfNeededAsync();
            await ExpectInside(page, element, $"{selector} ({name})", wholeHeight: false);
            await element.ScreenshotAsync(new() { Path = Artifact($"{name}-{file}.png") });
        }

        await page.GotoAsync("/");
        await page.ClickAsync("[data-preset='l003-dnnex0'] button[data-run='0']");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", Finished, new() { Timeout = 90_000 });
        var graph = page.Locator("#run-grid figure[data-view='graph']");
        await Assertions.Expect(graph.Locator("svg.graph")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await graph.ScrollIntoViewIfNeededAsync();
        await ExpectInside(page, graph, $"graph ({name})");
        await graph.ScreenshotAsync(new() { Path = Artifact($"{name}-graph.png") });
        var weights = page.Locator("#run-grid figure[data-view='weights']");
        await weights.ScrollIntoViewIfNeededAsync();
        await ExpectInside(page, weights, $"weights ({name})");
        await weights.ScreenshotAsync(new() { Path = Artifact($"{name}-weights.png") });
        Assert.Empty(errors);
    }

    /// <summary>Inside the window's width, and (for a view) no taller than the window, top edge on screen.</summary>
    private static async Task ExpectInside(IPage page, ILocator element, string what, bool wholeHeight = true)
    {
        var box = await element.BoundingBoxAsync() ?? throw new InvalidOperationException($"{what} is not shown");
        var size = page.ViewportSize!;
        var inside = box.X >= -0.5 && box.X + box.Width <= size.Width + 0.5 && box.Y >= -0.5 && (!wholeHeight || box.Y + box.Height <= size.Height + 0.5);
        Assert.True(inside, $"{what} at ({box.X:F0}, {box.Y:F0}) {box.Width:F0}×{box.Height:F0} is not inside the {size.Width}×{size.Height} window");
    }

    private static string Artifact(string file)
    {
        var dir = Path.Combine(TestPaths.Artifacts("GradientWeb.Browser.Tests"), "small");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, file);
    }
}
