using System.ComponentModel.DataAnnotations;

namespace GradientWeb.Server.Setup;

/// <summary>Caps on uploaded data sets (<c>Datasets</c> section), documented in the README.</summary>
public sealed class DatasetOptions
{
    public const string Section = "Datasets";

    /// <summary>The largest CSV accepted, in bytes.</summary>
    [Range(1, 1_073_741_824)]
    public long MaxUploadBytes { get; set; } = 5 * 1024 * 1024;

    [Range(1, 10_000_000)]
    public int MaxRows { get; set; } = 100_000;

    [Range(2, 10_000)]
    public int MaxColumns { get; set; } = 64;

    /// <summary>How many uploaded sets the server keeps; beyond it an upload is refused until one is deleted.</summary>
    [Range(1, 1_000_000)]
    public int MaxStored { get; set; } = 1000;
}
