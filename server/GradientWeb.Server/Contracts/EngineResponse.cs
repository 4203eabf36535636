namespace GradientWeb.Server.Contracts;

/// <summary>One engine of <c>GET /engines</c>: <paramref name="Reason"/> says why it is unavailable on this machine (null when it is available).</summary>
public sealed record EngineResponse(string Name, string Version, bool Available, string? Reason, string Description);
