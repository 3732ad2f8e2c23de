namespace Ias.Tui.Terminal;

/// <summary>A rectangle of cells; X and Y are zero-based columns and rows.</summary>
public readonly record struct Rect(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;

    public bool IsEmpty => Width <= 0 || Height <= 0;

    public bool Contains(int x, int y) => x >= X && x < Right && y >= Y && y < Bottom;

    /// <summary>The part of this rectangle that lies inside <paramref name="other"/>; empty when they do not overlap.</summary>
    public Rect Intersect(Rect other)
    {
        var left = Math.Max(X, other.X);
        var top = Math.Max(Y, other.Y);
        var right = Math.Min(Right, other.Right);
        var bottom = Math.Min(Bottom, other.Bottom);
        return right <= left || bottom <= top ? new Rect(left, top, 0, 0) : new Rect(left, top, right - left, bottom - top);
    }
}
