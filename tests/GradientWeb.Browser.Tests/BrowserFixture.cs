using GradientWeb.Testing;
using Microsoft.Playwright;

namespace GradientWeb.Browser.Tests;

/// <summary>One server and one headless Chromium for the browser tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    // Without the background-networking flags Chromium floods the closed network with refused connections.
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public LiveServer Server { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public static string ChromiumPath => Environment.GetEnvironmentVariable("GW_CHROMIUM") ?? "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not at {ChromiumPath}: run ./test.sh (it installs Debian's chromium) or set GW_CHROMIUM.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
    }

    /// <summary>A page in a fresh context; its browser language is <paramref name="locale"/> (the page follows it).</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-US", int width = 1400, int height = 900)
    {
        // A phone-sized window is a phone: touch, and the page's width is the screen's.
        var phone = width < 700;
        var page = await Browser.NewPageAsync(new()
        {
            BaseURL = Server.BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, Locale = locale, AcceptDownloads = true,
            IsMobile = phone, HasTouch = phone, DeviceScaleFactor = phone ? 2 : 1,
        });
        page.SetDefaultTimeout(30_000);
        return page;
    }

    /// <summary>Console errors and uncaught exceptions of the page from now on: a working page has none.</summary>
    public static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => errors.Add(e);
        return errors;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
