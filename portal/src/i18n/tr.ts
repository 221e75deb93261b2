// Turkish texts of the portal, the default language.
export const tr = {
  app: { title: "Enerji Portal", language: "Dil" },
  login: {
    title: "Bayi ve müşteri portalı",
    email: "E-posta",
    password: "Şifre",
    submit: "Giriş yap",
    requiredEmail: "E-posta gerekli",
    requiredPassword: "Şifre gerekli",
    failed: "Giriş yapılamadı: {{message}}",
  },
  home: {
    welcome: "Hoş geldiniz, {{name}}",
    dealer: "Bayi portalı",
    customer: "Müşteri portalı",
    unassigned:
      "Hesabınız henüz bir bayiye veya müşteriye bağlı değil. Lütfen tedarikçinizle iletişime geçin.",
    logout: "Çıkış",
  },
  notFound: { title: "Sayfa bulunamadı", backHome: "Ana sayfaya dön" },
};

export type Texts = typeof tr;
