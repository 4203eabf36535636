using System.Diagnostics;
using GradientWeb.Testing;
using Xunit.Abstractions;

namespace GradientWeb.Server.Tests.Hubs;

/// <summary>
/// The page's own client library, npm <c>@microsoft/signalr</c>, under <c>node --test</c> against the real server
/// on a socket, over WebSockets, Server-Sent Events and long polling (client/tests/hub.test.mjs).
/// </summary>
public sealed class NodeSignalRClientTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_npm_signalr_client_receives_every_record_in_order()
    {
        await using var server = new LiveServer();
        var client = Path.Combine(TestPaths.RepoRoot, "client");
        Assert.True(Directory.Exists(Path.Combine(client, "node_modules", "@microsoft", "signalr")), "client/node_modules is missing: run ./test.sh (npm ci).");

        var start = new ProcessStartInfo("node", "--test --test-reporter=spec tests/hub.test.mjs")
        {
            WorkingDirectory = client,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["GW_URL"] = server.BaseAddress.ToString();
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await node.WaitForExitAsync(timeout.Token);
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);

        Assert.True(node.ExitCode == 0, $"node --test failed:\n{await stdout}\n{await stderr}");
        Assert.Contains("pass 4", await stdout, StringComparison.Ordinal);
    }
}
