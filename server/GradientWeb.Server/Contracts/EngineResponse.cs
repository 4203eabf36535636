namespace GradientWeb.Server.Contracts;

/// <summary>
/// One engine of <c>GET /engines</c>: <paramref name="Reason"/> says why it is unavailable on this machine (null when it
/// is available), in English; <paramref name="ReasonCode"/> is the same as a stable code a page words in its language.
/// </summary>
public sealed record EngineResponse(string Name, string Version, bool Available, string? Reason, string? ReasonCode, string Description);
