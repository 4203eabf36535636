using System.Net;
using System.Net.Sockets;

namespace GradientWeb.Testing;

/// <summary>Ports on 127.0.0.1 for servers a test starts itself (each helper and CI job keeps to its own range).</summary>
public static class LoopbackPorts
{
    /// <summary>The ports of <paramref name="range"/> nothing listens on now, in order.</summary>
    public static IEnumerable<int> Free(IEnumerable<int> range) => range.Where(IsFree);

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
