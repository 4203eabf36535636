using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GradientWeb.Testing;

/// <summary>The app in memory with its own SQLite file in a temporary folder, removed when the fixture goes.</summary>
public class TestApp : WebApplicationFactory<Program>
{
    public TestApp()
    {
        DataFolder = Path.Combine(Path.GetTempPath(), "gradientweb-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataFolder);
    }

    public string DataFolder { get; }

    public string DatabasePath => Path.Combine(DataFolder, "gradientweb.db");

    /// <summary>Settings on top of the defaults, as configuration keys (<c>Training:MaxEpochs</c>).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Storage:Path", DatabasePath);

        // Tests create jobs far faster than a student: the rate limiter has its own test with low limits.
        builder.UseSetting("Limits:CreatePerMinute", "1000000");
        builder.UseSetting("Limits:CreateBurst", "1000000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataFolder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on a slow shutdown: the temp folder is cleaned by the OS.
            }
        }
    }
}
