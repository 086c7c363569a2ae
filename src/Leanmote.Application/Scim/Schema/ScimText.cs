namespace Leanmote.Application.Scim.Schema;

/// <summary>Text rules shared by the SCIM engine and SCIM storage.</summary>
public static class ScimText
{
    /// <summary>
    /// The folding used for every caseExact=false comparison (spec §7.3): Unicode NFC normalisation, then
    /// <see cref="string.ToLowerInvariant"/>. Storage computes its folded columns with this same function, so an
    /// index lookup and an in-memory comparison always agree ("ÅSA.ÖBERG@EXAMPLE.COM" ≡ "åsa.öberg@example.com").
    /// NFC also works under InvariantGlobalization (see ScimNfc), where <see cref="string.Normalize()"/> does nothing.
    /// </summary>
    public static string Fold(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return ScimNfc.Normalize(value).ToLowerInvariant();
    }

    /// <summary>Equality per an attribute's caseExact characteristic.</summary>
    public static bool AreEqual(string? left, string? right, bool caseExact)
    {
        if (left is null || right is null)
            return left is null && right is null;
        return caseExact ? string.Equals(left, right, StringComparison.Ordinal) : string.Equals(Fold(left), Fold(right), StringComparison.Ordinal);
    }
}
