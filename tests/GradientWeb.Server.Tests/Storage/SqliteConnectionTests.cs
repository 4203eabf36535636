using GradientWeb.Server.Storage;
using GradientWeb.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GradientWeb.Server.Tests.Storage;

/// <summary>Every connection the server opens, not only the first: a history write must not wait on a disk sync.</summary>
public sealed class SqliteConnectionTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public void Every_connection_writes_ahead_and_syncs_only_at_checkpoints()
    {
        var database = app.Services.GetRequiredService<Database>();
        for (var i = 0; i < 3; i++)
        {
            using var connection = database.Open();
            using var query = connection.CreateCommand();
            query.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", query.ExecuteScalar());
            query.CommandText = "PRAGMA synchronous";
            Assert.Equal(1L, query.ExecuteScalar()); // NORMAL
        }
    }
}
