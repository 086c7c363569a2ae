using System.Globalization;

namespace Leanmote.Application.Scim.Filtering;

/// <summary>
/// RFC 3339 date-times as SCIM clients send them (spec §7.4): <c>Z</c> or a numeric offset, 0–9 fraction digits
/// (Entra sends 7). Digits beyond the 7th (100 ns) are truncated. Output uses <see cref="Format"/>.
/// </summary>
public static class ScimDateTime
{
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || text.Length < 20 || text.Length > 40)
            return false;
        // yyyy-MM-ddTHH:mm:ss
        if (!DateTime.TryParseExact(text.AsSpan(0, 19), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            && !DateTime.TryParseExact(text.AsSpan(0, 19), "yyyy-MM-dd't'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out local)
            && !DateTime.TryParseExact(text.AsSpan(0, 19), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out local))
            return false;
        var i = 19;
        long ticks = 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
                i++;
            var digits = i - start;
            if (digits is 0 or > 9)
                return false;
            var kept = text.Substring(start, Math.Min(digits, 7)).PadRight(7, '0');
            ticks = long.Parse(kept, CultureInfo.InvariantCulture);
        }
        if (i >= text.Length)
            return false;
        TimeSpan offset;
        if (text[i] is 'Z' or 'z' && i == text.Length - 1)
        {
            offset = TimeSpan.Zero;
        }
        else if (text[i] is '+' or '-' && text.Length - i == 6 && text[i + 3] == ':'
                 && int.TryParse(text.AsSpan(i + 1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
                 && int.TryParse(text.AsSpan(i + 4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
                 && hours <= 23 && minutes <= 59)
        {
            offset = new TimeSpan(hours, minutes, 0);
            if (text[i] == '-')
                offset = -offset;
        }
        else
        {
            return false;
        }
        try
        {
            value = new DateTimeOffset(local.AddTicks(ticks), offset);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>The output form of spec §2.3: UTC, millisecond precision, <c>2026-02-01T08:00:00.123Z</c>.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
