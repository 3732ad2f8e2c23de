using System.Text;
using Spectre.Console;

namespace Ias.Tui.Terminal;

/// <summary>Turns a Spectre style into one "reset and set" SGR sequence for a colour mode.</summary>
internal sealed class SgrEncoder(ColorMode mode)
{
    private static readonly (Decoration Flag, int Code)[] Decorations =
    [
        (Decoration.Bold, 1), (Decoration.Dim, 2), (Decoration.Italic, 3), (Decoration.Underline, 4),
        (Decoration.SlowBlink, 5), (Decoration.RapidBlink, 6), (Decoration.Invert, 7), (Decoration.Conceal, 8),
        (Decoration.Strikethrough, 9),
    ];

    // No cache keyed by Style: Spectre's Color equality ignores whether a colour is palette entry 9 or RGB
    // #FF0000, which encode differently; encoding only happens when the style changes, so it is cheap enough.
    public string Encode(Style style)
    {
        var text = new StringBuilder("\e[0");
        foreach (var (flag, code) in Decorations)
        {
            if (style.Decoration.HasFlag(flag))
            {
                text.Append(';').Append(code);
            }
        }

        AppendColor(text, style.Foreground, foreground: true);
        AppendColor(text, style.Background, foreground: false);
        return text.Append('m').ToString();
    }

    private void AppendColor(StringBuilder text, Color color, bool foreground)
    {
        if (mode == ColorMode.NoColor)
        {
            return;
        }

        var name = color.ToMarkup();
        if (name == "default")
        {
            return;
        }

        var number = Palette.NumberOf(name);
        if (number is < 16)
        {
            // The terminal's own 16 colours stay palette references in every mode so a user's theme applies.
            AppendBasic(text, number.Value, foreground);
        }
        else if (mode == ColorMode.Ansi16)
        {
            AppendBasic(text, Palette.Nearest16(color), foreground);
        }
        else if (number is int n)
        {
            text.Append(foreground ? ";38;5;" : ";48;5;").Append(n);
        }
        else if (mode == ColorMode.TrueColor)
        {
            text.Append(foreground ? ";38;2;" : ";48;2;").Append(color.R).Append(';').Append(color.G).Append(';').Append(color.B);
        }
        else
        {
            text.Append(foreground ? ";38;5;" : ";48;5;").Append(Palette.Nearest256(color));
        }
    }

    private static void AppendBasic(StringBuilder text, int n, bool foreground)
    {
        var code = n < 8 ? (foreground ? 30 : 40) + n : (foreground ? 90 : 100) + n - 8;
        text.Append(';').Append(code);
    }
}
