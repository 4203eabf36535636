namespace GradientWeb.Engine.TorchSharp;

/// <summary>A libtorch job on a machine where libtorch does not load; <see cref="Exception.Message"/> says why.</summary>
public sealed class LibTorchUnavailableException(string reason) : Exception(reason);
