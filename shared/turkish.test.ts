import { describe, expect, it } from "vitest";
import {
  compareTurkish,
  displayName,
  filterOptionByTurkishLabel,
  foldTurkish,
  matchesTurkish,
  toTurkishLowerCase,
  toTurkishTitleCase,
  toTurkishUpperCase,
  turkishSearchPattern,
  withPluralSuffix,
} from "./turkish.ts";

const CUSTOMERS = [
  "İSTANBUL ENERJİ A.Ş.",
  "IŞIK ELEKTRİK",
  "Isparta Tekstil",
  "ılgaz gıda",
  "Güneş İnşaat",
];

const SEARCHES: Array<[string, string]> = [
  ["istanbul", "İSTANBUL ENERJİ A.Ş."],
  ["İstanbul", "İSTANBUL ENERJİ A.Ş."],
  ["ISTANBUL", "İSTANBUL ENERJİ A.Ş."],
  ["ışık", "IŞIK ELEKTRİK"],
  ["işık", "IŞIK ELEKTRİK"],
  ["IŞIK", "IŞIK ELEKTRİK"],
  ["isparta", "Isparta Tekstil"],
  ["ısparta", "Isparta Tekstil"],
  ["ILGAZ", "ılgaz gıda"],
  ["isik", "IŞIK ELEKTRİK"],
  ["insaat", "Güneş İnşaat"],
  ["GUNES", "Güneş İnşaat"],
];

describe("foldTurkish", () => {
  it("shows why plain toLowerCase is wrong", () => {
    expect("İSTANBUL".toLowerCase()).toHaveLength(9);
    expect(foldTurkish("İSTANBUL")).toBe("istanbul");
  });

  it("folds İ, I, ı and i to one letter", () => {
    expect(foldTurkish("İIıi")).toBe("iiii");
    expect(foldTurkish("IŞIK")).toBe("isik");
    expect(foldTurkish("ışık")).toBe("isik");
  });

  it("folds Ç, Ğ, Ö, Ş and Ü to plain letters", () => {
    expect(foldTurkish("ÇĞÖŞÜ")).toBe("cgosu");
    expect(foldTurkish("çğöşü")).toBe("cgosu");
    expect(foldTurkish("CGOSU")).toBe("cgosu");
  });

  it("drops circumflexes and a decomposed dot above", () => {
    expect(foldTurkish("Hâlâ")).toBe("hala");
    expect(foldTurkish("I\u0307STANBUL")).toBe("istanbul");
  });

  it.each(SEARCHES)("finds %s in the right customer only", (query, wanted) => {
    const found = CUSTOMERS.filter((name) => matchesTurkish(name, query));
    expect(found).toEqual([wanted]);
  });
});

describe("turkishSearchPattern", () => {
  it("wraps the folded query in PostgREST wildcards", () => {
    expect(turkishSearchPattern(" IŞIK ")).toBe("*isik*");
  });

  it("escapes LIKE wildcards typed by the user", () => {
    expect(turkishSearchPattern("50%_a")).toBe("*50\\%\\_a*");
  });

  it("drops asterisks from the query", () => {
    expect(turkishSearchPattern("*IŞIK*")).toBe("*isik*");
  });
});

describe("Turkish case mapping", () => {
  it.each([
    ["IŞIK ILGAZ", "Işık Ilgaz"],
    ["İLKNUR İNCE", "İlknur İnce"],
    ["DİLEK IRMAK", "Dilek Irmak"],
    ["ÇAĞRI ÖZIŞIK", "Çağrı Özışık"],
    ["AYNI", "Aynı"],
    ["ALİ'NİN EVİ", "Ali'nin Evi"],
    ["AYŞE-NUR IŞIK", "Ayşe-Nur Işık"],
  ])("title-cases %s as %s", (input, expected) => {
    expect(toTurkishTitleCase(input)).toBe(expected);
  });

  it("leaves the input string unchanged", () => {
    const stored = "IŞIK ILGAZ";
    toTurkishTitleCase(stored);
    expect(stored).toBe("IŞIK ILGAZ");
  });

  it("upper-cases with a dotted capital İ", () => {
    expect(toTurkishUpperCase("ilker ışık")).toBe("İLKER IŞIK");
  });

  it("lower-cases with a dotless ı", () => {
    expect(toTurkishLowerCase("IŞIK İNCE")).toBe("ışık ince");
  });
});

describe("compareTurkish", () => {
  it("sorts by the Turkish alphabet", () => {
    const names = ["Zeynep", "Çelik", "Ilgaz", "İnce", "Cem", "Şahin", "Sarı"];
    expect([...names].sort(compareTurkish)).toEqual([
      "Cem",
      "Çelik",
      "Ilgaz",
      "İnce",
      "Sarı",
      "Şahin",
      "Zeynep",
    ]);
  });
});

describe("toTurkishTitleCase with initials and suffixes", () => {
  it.each([
    ["IŞIK ILGAZ", "Işık Ilgaz"],
    ["İLKNUR İNCE", "İlknur İnce"],
    ["DİLEK IRMAK", "Dilek Irmak"],
    ["ÇAĞRI ÖZIŞIK", "Çağrı Özışık"],
    ["AYŞE-NUR YILDIZ", "Ayşe-Nur Yıldız"],
    ["ANKARA'DA  İKİ", "Ankara'da  İki"],
    ["KAYSERİ ENERJİ A.Ş.", "Kayseri Enerji A.Ş."],
    ["DEMİR LTD. ŞTİ.", "Demir Ltd. Şti."],
  ])("title-cases %s as %s", (input, expected) => {
    expect(toTurkishTitleCase(input)).toBe(expected);
  });
});

describe("toTurkishUpperCase", () => {
  it("keeps the dot on i", () => {
    expect(toTurkishUpperCase("ilker ışık")).toBe("İLKER IŞIK");
  });
});

describe("toTurkishLowerCase", () => {
  it("maps I to dotless ı", () => {
    expect(toTurkishLowerCase("IŞIK İNCE")).toBe("ışık ince");
  });
});

describe("displayName", () => {
  it("title-cases names written in capitals", () => {
    expect(displayName("DİLEK IRMAK")).toBe("Dilek Irmak");
  });

  it("keeps mixed-case names as entered", () => {
    expect(displayName("McDonald İnce")).toBe("McDonald İnce");
  });

  it("keeps names without letters", () => {
    expect(displayName("1234")).toBe("1234");
  });
});

describe("filterOptionByTurkishLabel", () => {
  it.each([
    ["inşaat", "İnşaat Yapı A.Ş.", true],
    ["İNŞAAT", "inşaat yapı", true],
    ["ışık", "IŞIK ENERJİ", true],
    ["istanbul", "İstanbul Anadolu Yakası", true],
    // Typed without Turkish letters.
    ["insaat", "İnşaat Yapı A.Ş.", true],
    ["isik", "Işık", true],
    ["cagri", "Çağrı Özışık", true],
    ["ozisik", "Çağrı Özışık", true],
    ["guneş", "GÜNEŞ ENERJİ", true],
    ["enerjı", "Su Arıtma", false],
  ])("%s in %s: %s", (input, label, expected) => {
    expect(filterOptionByTurkishLabel(input, { label })).toBe(expected);
  });

  it("passes no option without a text label", () => {
    expect(filterOptionByTurkishLabel("a", {})).toBe(false);
    expect(filterOptionByTurkishLabel("a", undefined)).toBe(false);
  });
});

describe("withPluralSuffix", () => {
  it.each([
    ["Acar", "Acarlar"],
    ["Işık", "Işıklar"],
    ["Tunç", "Tunçlar"],
    ["Ünal", "Ünallar"],
    ["Güler", "Gülerler"],
    ["Güneş", "Güneşler"],
    ["Ekinci", "Ekinciler"],
    ["Özer", "Özerler"],
    ["İnce", "İnceler"],
    ["IŞIK", "IŞIKLAR"],
    ["GÜLER", "GÜLERLER"],
  ])("%s gives %s", (word, plural) => {
    expect(withPluralSuffix(word)).toBe(plural);
  });
});
