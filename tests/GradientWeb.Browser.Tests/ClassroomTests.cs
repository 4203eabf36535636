using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using GradientWeb.Testing;
using Microsoft.Playwright;

namespace GradientWeb.Browser.Tests;

/// <summary>
/// The page in front of a class: a lecture card's run comes on screen at once (status, player, the lecture's views,
/// inside the window, not somewhere below it), keys go to the player, present mode, a phone, Korean.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ClassroomTests(BrowserFixture fixture)
{
    public static TheoryData<int, int, string> Screens => new()
    {
        { 1920, 1080, "en-US" },
        { 1280, 720, "en-US" },
        { 390, 844, "en-US" },
        { 1920, 1080, "ko-KR" },
        { 1280, 720, "ko-KR" },
        { 390, 844, "ko-KR" },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task A_lecture_card_puts_its_run_on_screen_and_the_keys_on_the_player(int width, int height, string locale)
    {
        var page = await fixture.NewPageAsync(locale, width, height);
        var errors = BrowserFixture.CollectErrors(page);
        await page.GotoAsync("/");
        await page.ClickAsync("[data-preset='l000-fit'] button[data-run='0']");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed");
        await page.WaitForFunctionAsync("() => +document.querySelector('#graph-panel').dataset.nodes > 2");
        await page.WaitForTimeoutAsync(300); // the scroll and layout run in the frame after the snapshot

        await ExpectInside(page, "#status");
        await ExpectInside(page, "#player");
        var phone = width < 700;
        if (phone)
        {
            // One column: the first of the lecture's views starts on the first screen.
            await ExpectTopInside(page, "#run-grid > figure[data-view='fit']:visible >> nth=0");
        }
        else
        {
            // Lecture 000 draws the fit, the loss, the landscape, the step and the graph: all of them, at once.
            foreach (var view in new[] { "fit", "loss", "landscape", "step", "graph" })
            {
                // The first figure of each view (the landscape's 3-D surface, a second landscape figure, is not yet fitted).
                await ExpectInside(page, $"#run-grid > figure[data-view='{view}']:visible >> nth=0");
            }
        }

        Assert.False(await SidewaysScroll(page), "the page scrolls sideways");
        Assert.Equal("player", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.ScreenshotAsync(new() { Path = Artifact($"classroom-{width}x{height}-{locale}.png") });
        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task The_first_screen_shows_the_lectures_and_never_scrolls_sideways(int width, int height, string locale)
    {
        var page = await fixture.NewPageAsync(locale, width, height);
        var errors = BrowserFixture.CollectErrors(page);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("[data-preset='l000-fit']")).ToBeVisibleAsync();
        await ExpectTopInside(page, "[data-preset='l000-fit']", fullWidth: width < 700);
        Assert.False(await SidewaysScroll(page), "the page scrolls sideways");
        if (width < 700)
        {
            // Thumb-sized: every visible button and field of the form and the cards is at least 40 px high.
            var small = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('#job-form button, #job-form select, #job-form input[type=text], .preset button')]" +
                ".filter(e => e.offsetParent && e.getBoundingClientRect().height < 40).map(e => e.outerHTML.slice(0, 80))");
            Assert.Empty(small);
        }

        await page.ScreenshotAsync(new() { Path = Artifact($"first-{width}x{height}-{locale}.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(1280, 720)]
    [InlineData(390, 844)]
    public async Task A_shared_link_opens_with_the_run_on_screen(int width, int height)
    {
        var id = await StartJob("""{ "dataset": { "name": "icecream" }, "loss": "sse", "lr": 0.001, "epochs": 30, "init": { "weights": [-5, 10] } }""");
        var page = await fixture.NewPageAsync(width: width, height: height);
        await page.GotoAsync($"/?job={id}");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed");
        await Assertions.Expect(page.Locator("#loss-chart")).ToHaveAttributeAsync("data-points", "31");
        await page.WaitForTimeoutAsync(300);

        await ExpectInside(page, "#status");
        await ExpectInside(page, "#player");
        var open = await page.Locator("#run-grid > figure:visible").CountAsync();
        Assert.True(open >= 2, $"{open} views open");
        if (width >= 700)
        {
            for (var i = 0; i < open; i++)
            {
                await ExpectInside(page, $"#run-grid > figure:visible >> nth={i}");
            }
        }

        Assert.False(await SidewaysScroll(page), "the page scrolls sideways");
        Assert.Equal("player", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.ScreenshotAsync(new() { Path = Artifact($"link-{width}x{height}.png") });
    }

    [Fact]
    public async Task Space_after_a_card_plays_the_run_and_starts_no_second_job()
    {
        var page = await fixture.NewPageAsync(width: 1280, height: 720);
        await page.GotoAsync("/");
        await page.ClickAsync("[data-preset='l000-fit'] button[data-run='0']");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed");
        var jobs = await JobCount();

        await page.Keyboard.PressAsync(" ");
        await Assertions.Expect(page.Locator("#player")).ToHaveAttributeAsync("data-playing", "true");
        await page.Keyboard.PressAsync(" ");
        await Assertions.Expect(page.Locator("#player")).ToHaveAttributeAsync("data-playing", "false");
        var epoch = int.Parse((await page.Locator("#player").GetAttributeAsync("data-epoch"))!, CultureInfo.InvariantCulture);
        await page.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(page.Locator("#player")).ToHaveAttributeAsync("data-epoch", Math.Max(0, epoch - 1).ToString(CultureInfo.InvariantCulture));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForTimeoutAsync(500);

        Assert.Equal(jobs, await JobCount());
        var title = await page.Locator("[data-preset='l000-fit'] button[data-run='0']").GetAttributeAsync("title");
        Assert.DoesNotContain("{", title, StringComparison.Ordinal);
        Assert.Contains("α = 0.001", title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lr", "0.0o1", "0.0o1")]
    [InlineData("weights", "-5,, 1O", "missing")]
    [InlineData("weights", "-5, 1O", "1O")]
    [InlineData("epochs", "3O", "3O")]
    public async Task A_typo_starts_nothing_and_is_named_beside_its_field(string field, string typed, string named)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        var jobs = await JobCount();
        await page.FillAsync($"input[name='{field}']", typed);
        await page.ClickAsync("#start");

        var note = page.Locator($"label:has(input[name='{field}']) .field-error");
        await Assertions.Expect(note).ToBeVisibleAsync();
        await Assertions.Expect(note).ToContainTextAsync(named);
        await Assertions.Expect(page.Locator($"input[name='{field}']")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#form-error")).ToContainTextAsync("Nothing was started");
        await page.WaitForTimeoutAsync(300);
        Assert.Equal(jobs, await JobCount());
        Assert.DoesNotContain("job=", page.Url, StringComparison.Ordinal);
        await page.Locator("#job-form").ScreenshotAsync(new() { Path = Artifact($"typo-{field}.png") });

        // Corrected, the mark goes and the job runs.
        await page.FillAsync($"input[name='{field}']", field == "weights" ? "-5, 10" : field == "lr" ? "0.001" : "30");
        await Assertions.Expect(note).ToHaveCountAsync(0);
        await page.ClickAsync("#start");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
    }

    [Theory]
    [InlineData("en-US", "abc", "is not a number")]
    [InlineData("ko-KR", "abc", "숫자가 아닙니다")]
    [InlineData("en-US", "0.0o1", "0.0o1")]
    public async Task A_typo_in_a_sweep_value_starts_no_sweep_and_is_named_beside_its_field(string locale, string typo, string named)
    {
        var page = await fixture.NewPageAsync(locale);
        await page.GotoAsync("/");
        var jobs = await JobCount();
        await page.Locator("#sweep summary").ClickAsync();
        await page.FillAsync("#sweep-values", $"0.001, {typo}");
        await page.ClickAsync("#sweep-start");

        var note = page.Locator("label:has(#sweep-values) .field-error");
        await Assertions.Expect(note).ToBeVisibleAsync();
        await Assertions.Expect(note).ToContainTextAsync(typo);
        await Assertions.Expect(note).ToContainTextAsync(named);
        await Assertions.Expect(page.Locator("#sweep-values")).ToHaveAttributeAsync("aria-invalid", "true");
        await ExpectInside(page, "label:has(#sweep-values) .field-error");
        var form = await page.Locator("#job-form").InnerTextAsync();
        Assert.DoesNotContain("System.", form, StringComparison.Ordinal);
        await page.WaitForTimeoutAsync(300);
        Assert.Equal(jobs, await JobCount());
        Assert.DoesNotContain("compare=", page.Url, StringComparison.Ordinal);
        await page.Locator("#sweep").ScreenshotAsync(new() { Path = Artifact($"typo-sweep-{locale}-{typo}.png") });
    }

    [Fact]
    public async Task The_servers_refusal_is_shown_beside_the_field_in_the_pages_words()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.SelectOptionAsync("#dataset", "dnnex0");
        await page.SelectOptionAsync("select[name=model]", "mlp");
        await page.FillAsync("input[name=layers]", "dense 3");
        await page.SelectOptionAsync("select[name=init]", "seed");
        await page.ClickAsync("#start");

        var note = page.Locator("label:has(input[name='layers']) .field-error");
        await Assertions.Expect(note).ToContainTextAsync("linear 2, relu, linear 1, sigmoid");
        await Assertions.Expect(page.Locator("#form-error")).ToContainTextAsync("refused the marked fields");
        var form = await page.Locator("#job-form").InnerTextAsync();
        Assert.DoesNotContain("System.", form, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"byte \d+", form);
    }

    [Fact]
    public async Task Every_optimizer_option_is_in_the_form_for_its_optimizer_only()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        var options = new Dictionary<string, string[]>
        {
            ["sgd"] = ["momentum", "dampening", "weightDecay", "nesterov"],
            ["adam"] = ["weightDecay", "eps", "betas", "amsgrad"],
            ["adamw"] = ["weightDecay", "eps", "betas", "amsgrad"],
            ["rmsprop"] = ["momentum", "weightDecay", "eps", "alpha", "centered"],
            ["adagrad"] = ["weightDecay", "eps", "lrDecay", "initialAccumulatorValue"],
        };
        var all = options.Values.SelectMany(v => v).Distinct().ToArray();
        foreach (var (optimizer, names) in options)
        {
            await page.SelectOptionAsync("select[name=optimizer]", optimizer);
            foreach (var name in all)
            {
                var field = page.Locator($"[name='{name}']");
                if (names.Contains(name))
                {
                    await Assertions.Expect(field).ToBeVisibleAsync();
                }
                else
                {
                    await Assertions.Expect(field).ToBeHiddenAsync();
                }
            }
        }

        // Adam with weight decay and AMSGrad reaches the server as the API spells it.
        await page.SelectOptionAsync("select[name=optimizer]", "adam");
        await page.FillAsync("input[name=weightDecay]", "0.01");
        await page.FillAsync("input[name=betas]", "0.8, 0.99");
        await page.CheckAsync("input[name=amsgrad]");
        await page.FillAsync("input[name=lr]", "0.1");
        await page.ClickAsync("#start");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed");
        var id = Regex.Match(page.Url, "job=([0-9a-f]+)").Groups[1].Value;
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var job = await http.GetFromJsonAsync<JsonElement>($"/jobs/{id}");
        var optimizerEcho = job.GetProperty("request").GetProperty("optimizer");
        Assert.Equal(0.01, optimizerEcho.GetProperty("weightDecay").GetDouble(), 12);
        Assert.True(optimizerEcho.GetProperty("amsgrad").GetBoolean());
        Assert.Equal([0.8, 0.99], optimizerEcho.GetProperty("betas").EnumerateArray().Select(b => b.GetDouble()));
    }

    [Fact]
    public async Task A_running_job_shows_its_pace_and_stops_from_the_page()
    {
        // In Recent jobs too: a function with no space to break at (52 px too wide for the list without wrapping).
        await StartJob("""{ "model": { "type": "function", "expression": "(u-1)^2+(v-2)^2+0.5*u*v+0.25*u^2*v^2+0.125*u^3" }, "lr": 0.01, "epochs": 20, "init": { "weights": [1, 1] } }""");
        var page = await fixture.NewPageAsync();
        var slow = new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 };
        await page.GotoAsync("/");
        // A net on 2000 points for 100 000 epochs: long enough to watch and to stop.
        await page.SelectOptionAsync("#dataset", "dnnex2");
        await page.SelectOptionAsync("select[name=model]", "mlp");
        await page.SelectOptionAsync("select[name=loss]", "mse");
        await page.SelectOptionAsync("select[name=init]", "seed");
        await page.FillAsync("input[name=epochs]", "100000");
        await page.ClickAsync("#start");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "running", slow);
        await Assertions.Expect(page.Locator("#status-rate")).ToContainTextAsync(new Regex(@"epochs/s · .+ left"), new() { Timeout = 30_000 });
        var id = Regex.Match(page.Url, "job=([0-9a-f]+)").Groups[1].Value;
        var recent = page.Locator($"#recent-jobs li[data-job-id='{id}'] .job-status");
        await Assertions.Expect(recent).ToHaveAttributeAsync("data-status", "running", slow);
        // Long summaries wrap in the list: nothing in it is out of sight to the side.
        var sideways = await page.EvalOnSelectorAsync<int>("#recent-jobs", "e => e.scrollWidth - e.clientWidth");
        Assert.True(sideways <= 0, $"Recent jobs scroll {sideways} px sideways");
        await page.ScreenshotAsync(new() { Path = Artifact("running-pace.png") });

        await page.ClickAsync("#cancel");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "cancelled", slow);
        await Assertions.Expect(page.Locator("#cancel")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#status-rate")).ToHaveTextAsync("");
        // Recent jobs follow without a reload.
        await Assertions.Expect(recent).ToHaveAttributeAsync("data-status", "cancelled", slow);
    }

    [Fact]
    public async Task Present_mode_fills_the_screen_with_the_views_and_keeps_the_player()
    {
        var id = await StartJob("""{ "dataset": { "name": "icecream" }, "loss": "sse", "lr": 0.001, "epochs": 30, "init": { "weights": [-5, 10] } }""");
        var page = await fixture.NewPageAsync(width: 1280, height: 720);
        await page.GotoAsync($"/?job={id}&present=1");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed");
        await Assertions.Expect(page.Locator("body")).ToHaveClassAsync(new Regex(@"\bpresent\b"));
        await Assertions.Expect(page.Locator("#job-form")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".gallery-box")).ToBeHiddenAsync();
        await page.WaitForTimeoutAsync(300);
        await ExpectInside(page, "#player");
        var fit = await page.Locator("#run-grid > figure[data-view='fit']").BoundingBoxAsync();
        await page.ScreenshotAsync(new() { Path = Artifact("present-1280x720.png") });
        Assert.True(fit!.Width > 550, $"the fit is {fit.Width} px wide");
        await page.ScreenshotAsync(new() { Path = Artifact("present-1280x720.png") });

        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#job-form")).ToBeVisibleAsync();
        Assert.DoesNotContain("present=1", page.Url, StringComparison.Ordinal);
        await page.ClickAsync("#present");
        await Assertions.Expect(page.Locator("#job-form")).ToBeHiddenAsync();
        Assert.Contains("present=1", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_korean_browser_gets_a_korean_page()
    {
        var page = await fixture.NewPageAsync("ko-KR", 1280, 720);
        var errors = BrowserFixture.CollectErrors(page);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("[data-preset='l003-dnnex2']")).ToBeVisibleAsync();
        await page.ClickAsync("[data-preset='l003-dnnex2'] button[data-run='0']");
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        await page.Locator(".gallery-box summary").ClickAsync();
        await Assertions.Expect(page.Locator("#dataset-description")).ToContainTextAsync("강의 003");

        // Everything a reader sees or hears: the text, the options, tooltips, placeholders, labels read aloud.
        var text = await page.EvaluateAsync<string>("""
            () => [document.body.innerText,
                   ...[...document.querySelectorAll('option, optgroup')].filter(o => !o.closest('#landscape-a, #landscape-b, #weight-picker')).map(o => o.label || o.textContent),
                   ...[...document.querySelectorAll('[title]')].map(e => e.title),
                   ...[...document.querySelectorAll('[placeholder]')].map(e => e.placeholder),
                   ...[...document.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))].join('\n')
            """);
        // PyTorch's parameter names (0.weight[3,0], 2.bias[0]) name weights in every language. Where libtorch cannot
        // load, its reason (beside the disabled "check against libtorch") is worded from the server's reasonCode.
        text = ParameterName().Replace(text, "");
        var english = EnglishUiWords().Matches(text).Select(m => text.Substring(Math.Max(0, m.Index - 30), Math.Min(text.Length - Math.Max(0, m.Index - 30), m.Length + 60)).ReplaceLineEndings(" ")).Distinct().ToList();
        Assert.True(english.Count == 0, "English on the Korean page: " + string.Join(" | ", english));
        // Every lecture run's label the server writes in English (any with an English word, not a list kept here).
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var labels = (await http.GetFromJsonAsync<JsonElement>("/presets")).EnumerateArray()
            .SelectMany(p => p.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("label").GetString()!))
            .Where(label => EnglishWord().IsMatch(CodeName().Replace(label, "")))
            .ToList();
        Assert.NotEmpty(labels);
        var untranslated = labels.Where(label => text.Contains(label, StringComparison.Ordinal)).ToList();
        Assert.True(untranslated.Count == 0, "English run labels on the Korean page: " + string.Join(" | ", untranslated));
        Assert.Matches("[가-힣]", text);
        await page.ScreenshotAsync(new() { Path = Artifact("korean-1280x720-dnnex2.png"), FullPage = true });
        Assert.Empty(errors);
    }

    // The page's own English words (not names such as sgd, mse, ReLU or nn.Sequential, nor the data sets' ids).
    [GeneratedRegex(@"\b(Start|training|epochs?|Epochs?|loss|Loss|weights?|Weights?|Run|rows|none|speed|live|running|completed|cancelled|diverged|Data set|Model|Optimizer|Recent|Compare|compare|Views|Present|Upload|Built in|Synthetic|generate|auto|default|Learning rate|Start from|these weights|points|noise|seed|Lecture|true curve|Stop|Sweep|Language|data|fit|start|the|and|of)\b")]
    private static partial Regex EnglishUiWords();

    // A word of three or more lower-case letters (names such as ReLU, MSE, SGD or Adam are capitalised).
    [GeneratedRegex(@"\b[a-z]{3,}\b")]
    private static partial Regex EnglishWord();

    // PyTorch's and numpy's own names, written the same in Korean notes.
    [GeneratedRegex(@"\b(nn|optim|torch)\.\w+|\bnumpy\b")]
    private static partial Regex CodeName();

    [GeneratedRegex(@"\b\d+\.(weight|bias)\[[\d,]+\]")]
    private static partial Regex ParameterName();

    private async Task<string> StartJob(string json)
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        var response = await http.PostAsync("/train", JsonContent.Create(JsonDocument.Parse(json).RootElement));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<int> JobCount()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        return (await http.GetFromJsonAsync<JsonElement>("/jobs?limit=500")).GetArrayLength();
    }

    /// <summary>The element is wholly inside the window as it is scrolled now.</summary>
    private static async Task ExpectInside(IPage page, string selector)
    {
        var box = await page.Locator(selector).BoundingBoxAsync() ?? throw new InvalidOperationException($"{selector} is not shown");
        var size = page.ViewportSize!;
        Assert.True(
            box.X >= -0.5 && box.Y >= -0.5 && box.X + box.Width <= size.Width + 0.5 && box.Y + box.Height <= size.Height + 0.5,
            $"{selector} at ({box.X:F0}, {box.Y:F0}) {box.Width:F0}×{box.Height:F0} is not inside the {size.Width}×{size.Height} window");
    }

    /// <summary>The element starts inside the window, with a good part of it on screen.</summary>
    private static async Task ExpectTopInside(IPage page, string selector, bool fullWidth = true)
    {
        var box = await page.Locator(selector).BoundingBoxAsync() ?? throw new InvalidOperationException($"{selector} is not shown");
        var size = page.ViewportSize!;
        Assert.True(box.Y >= 0 && box.Y + 120 <= size.Height && (!fullWidth || box.Width >= size.Width - 40), $"{selector} at ({box.X:F0}, {box.Y:F0}) {box.Width:F0}×{box.Height:F0} in the {size.Width}×{size.Height} window");
    }

    private static Task<bool> SidewaysScroll(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");

    private static string Artifact(string name) => Path.Combine(TestPaths.Artifacts("GradientWeb.Browser.Tests"), "classroom", name);
}
