using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GradientWeb.Testing;

/// <summary>The real server on a real loopback socket (Kestrel, a free port), for browsers and node clients.</summary>
public sealed class LiveServer : TestApp
{
    private readonly Dictionary<string, string?> _settings;

    public LiveServer(Dictionary<string, string?>? settings = null)
    {
        _settings = settings ?? [];
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public Uri BaseAddress { get; }

    protected override IReadOnlyDictionary<string, string?> Settings => _settings;
}

/// <summary>Where tests find the repository and put what a person should look at.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>tests/…/TestResults/artifacts: screenshots and logs from the last run.</summary>
    public static string Artifacts(string project)
    {
        var dir = Path.Combine(RepoRoot, "tests", project, "TestResults", "artifacts");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GradientWeb.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("GradientWeb.sln not found above the test binaries.");
    }
}
