using System.ComponentModel.DataAnnotations;

namespace GradientWeb.Server.Storage;

/// <summary>Where GradientWeb keeps jobs, histories and uploaded data sets (<c>Storage</c> section).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The SQLite file; relative paths are under the content root. Created on first start.</summary>
    [Required]
    public string Path { get; set; } = "data/gradientweb.db";
}
