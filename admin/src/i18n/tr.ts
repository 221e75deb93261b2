// Turkish texts of the admin, the default language.
export const tr = {
  app: { title: "Enerji CRM", language: "Dil" },
  pages: {
    login: {
      title: "Hesabınıza giriş yapın",
      signin: "Giriş yap",
      fields: { email: "E-posta", password: "Şifre" },
      errors: {
        requiredEmail: "E-posta gerekli",
        requiredPassword: "Şifre gerekli",
        validEmail: "Geçerli bir e-posta girin",
        title: "Giriş yapılamadı",
        invalidCredentials: "E-posta veya şifre hatalı.",
        failed: "Giriş yapılamadı: {{message}}",
        notStaff:
          "Bu hesap yönetim paneline giriş yapamaz. Bayi ve müşteri hesapları portalı kullanır.",
      },
      buttons: {
        forgotPassword: "Şifremi unuttum",
        rememberMe: "Beni hatırla",
        noAccount: "Hesabınız yok mu?",
      },
    },
    error: {
      info: "Bu sayfa bulunamadı.",
      404: "Aradığınız sayfa yok.",
      resource404: "{{resource}} kaynağı bulunamadı.",
      backHome: "Ana sayfaya dön",
    },
  },
  buttons: {
    create: "Oluştur",
    save: "Kaydet",
    logout: "Çıkış",
    delete: "Sil",
    edit: "Düzenle",
    cancel: "Vazgeç",
    confirm: "Emin misiniz?",
    filter: "Filtrele",
    clear: "Temizle",
    refresh: "Yenile",
    show: "Göster",
    undo: "Geri al",
    import: "İçe aktar",
    clone: "Kopyala",
    notAccessTitle: "Bu işlem için yetkiniz yok",
  },
  warnWhenUnsavedChanges:
    "Kaydedilmemiş değişiklikler var. Çıkmak istiyor musunuz?",
  notifications: {
    success: "Başarılı",
    error: "Hata (kod: {{statusCode}})",
    undoable: "Geri almak için {{seconds}} saniyeniz var",
    createSuccess: "{{resource}} oluşturuldu",
    createError: "{{resource}} oluşturulamadı (kod: {{statusCode}})",
    deleteSuccess: "{{resource}} silindi",
    deleteError: "{{resource}} silinemedi (kod: {{statusCode}})",
    editSuccess: "{{resource}} güncellendi",
    editError: "{{resource}} güncellenemedi (kod: {{statusCode}})",
  },
  loading: "Yükleniyor",
  tags: { clone: "Kopya" },
  table: { actions: "İşlemler" },
  dashboard: { title: "Gösterge paneli" },
  distribution_regions: {
    distribution_regions: "Dağıtım bölgeleri",
    titles: { list: "Dağıtım bölgeleri", show: "Dağıtım bölgesi" },
    fields: {
      code: "Kod",
      name: "Bölge",
      company_name: "Dağıtım şirketi",
      epias_distribution_id: "EPİAŞ kimliği",
      provinces_note: "İller",
    },
  },
  subscriber_groups: {
    subscriber_groups: "Abone grupları",
    titles: { list: "Abone grupları" },
    fields: { code: "Kod", name_tr: "Ad (Türkçe)", name_en: "Ad (İngilizce)" },
  },
};

export type Texts = typeof tr;
