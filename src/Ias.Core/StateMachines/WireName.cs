using System.Text;

namespace Ias.Core.StateMachines;

/// <summary>The spelling the state files use for enum values: JackIn is JACK_IN, HalfOpen is HALF_OPEN.</summary>
public static class WireName
{
    public static string Of<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                sb.Append('_');
            }

            sb.Append(char.ToUpperInvariant(name[i]));
        }

        return sb.ToString();
    }

    public static bool TryParse<T>(string? wire, out T value) where T : struct, Enum
    {
        foreach (var v in Enum.GetValues<T>())
        {
            if (string.Equals(Of(v), wire, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static T Parse<T>(string? wire) where T : struct, Enum =>
        TryParse<T>(wire, out var v)
            ? v
            : throw new FormatException($"\"{wire}\" is not one of {string.Join(", ", Enum.GetValues<T>().Select(x => Of(x)))}");
}
