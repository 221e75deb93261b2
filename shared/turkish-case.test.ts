import { describe, expect, it } from "vitest";
import {
  displayName,
  toTurkishLowerCase,
  toTurkishTitleCase,
  toTurkishUpperCase,
} from "./turkish-case.ts";

describe("toTurkishTitleCase", () => {
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
