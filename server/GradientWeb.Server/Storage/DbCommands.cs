using System.Data;
using System.Data.Common;
using System.Globalization;

namespace GradientWeb.Server.Storage;

/// <summary>ADO.NET shorthand shared by both providers: a command with its parameters in one expression.</summary>
internal static class DbCommands
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Adds <paramref name="name"/> (with its <c>@</c>) = <paramref name="value"/>; null is SQL NULL.</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>A typed parameter to fill in a loop: typed, so a prepared statement keeps its plan whatever the value.</summary>
    public static DbParameter Typed(this DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static int Int(object? scalar) => Convert.ToInt32(scalar, CultureInfo.InvariantCulture);
}
