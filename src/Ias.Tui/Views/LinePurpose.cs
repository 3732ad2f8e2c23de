namespace Ias.Tui.Views;

/// <summary>What a line typed in the footer is for.</summary>
public enum LinePurpose
{
    /// <summary>The log's filter (&amp;): only the lines that match show, as it is typed.</summary>
    Filter,

    /// <summary>The log's search (/): its matches are marked as it is typed; enter goes to the first.</summary>
    Search,

    /// <summary>An answer to an agent's question, sent on enter.</summary>
    Answer,
}
