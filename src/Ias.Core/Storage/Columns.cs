using System.Globalization;
using Ias.Core.StateMachines;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Storage;

/// <summary>Typed columns of an ias.db row, read by name, in the spellings every table uses for times, money and enums.</summary>
internal static class Columns
{
    public static string Text(SqliteDataReader r, string column) => r.GetString(r.GetOrdinal(column));

    public static string? NullableText(SqliteDataReader r, string column)
    {
        var i = r.GetOrdinal(column);
        return r.IsDBNull(i) ? null : r.GetString(i);
    }

    public static int Int(SqliteDataReader r, string column) => r.GetInt32(r.GetOrdinal(column));

    public static DateTimeOffset Time(SqliteDataReader r, string column) => IsoTime.ParseDb(Text(r, column));

    public static DateTimeOffset? NullableTime(SqliteDataReader r, string column) =>
        NullableText(r, column) is { } t ? IsoTime.ParseDb(t) : null;

    public static T Wire<T>(SqliteDataReader r, string column) where T : struct, Enum => WireName.Parse<T>(Text(r, column));

    // Text, not REAL: a float would turn $0.1 + $0.2 into 0.30000000000000004.
    public static string Money(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static decimal Money(SqliteDataReader r, string column) =>
        decimal.Parse(Text(r, column), NumberStyles.Number, CultureInfo.InvariantCulture);
}
