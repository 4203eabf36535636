namespace GradientWeb.Testing;

/// <summary>The app on <c>Storage:Provider=postgres</c>, with a database of its own on the test run's PostgreSQL.</summary>
public class PostgresTestApp : TestApp
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public PostgresTestApp()
        : this(null, null)
    {
    }

    /// <summary>
    /// Pass <paramref name="connectionString"/> to put another node on the same database, <paramref name="settings"/>
    /// for more configuration keys. (Internal: a class fixture may have only one public constructor.)
    /// </summary>
    internal PostgresTestApp(string? connectionString, IReadOnlyDictionary<string, string?>? settings)
    {
        ConnectionString = connectionString ?? PostgresServer.Shared.NewDatabase();
        _settings = settings ?? new Dictionary<string, string?>();
    }

    public string ConnectionString { get; }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(_settings)
    {
        ["Storage:Provider"] = "postgres",
        ["Storage:ConnectionString"] = ConnectionString,
    };
}
