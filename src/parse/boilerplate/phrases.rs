//! The phrases web pages wrap around a statement, by family and language.
//!
//! Each entry is a pattern in `regex` syntax, written as the text appears
//! on the page: it is folded with the matching key of [`crate::text`]
//! before use, so case, Arabic hamza forms, Persian/Arabic ya and kaf and
//! Latin accents need no variants. Write no upper-case escapes (`\S`,
//! `\W`): folding would lower-case them. `…` stands for a short run of free
//! words inside one sentence (a purpose clause, a site name).
//!
//! A line is boilerplate only when it is made of these phrases and
//! separators, so the phrases are whole sentences or whole link labels,
//! never single topic words such as "cookies" or "privacy".

/// Cookie and consent banners. Sites under the EU ePrivacy rules and most
/// WordPress themes (state.gov's translated pages among them) print one,
/// and copy-and-paste or scraping carries it into the text as the last
/// line. The commonest wording is the GDPR Cookie Consent plugin's "This
/// website uses cookies to improve your experience … Accept Read More".
pub const CONSENT: &[&str] = &[
    // en
    r"(?:this|our) (?:web ?)?site uses (?:first[- ]party |third[- ]party |essential )?cookies…",
    r"we use cookies(?: (?:and similar technologies|on this (?:web ?)?site))?(?: (?:to|so|for|in order to) …)?",
    r"we['’]ll assume you['’]re ok with this",
    r"(?:but )?you can opt[- ]?out if you wish",
    r"by (?:continuing to (?:use|browse)|using)(?: (?:this|our|the) (?:web ?)?site)?,? you (?:agree|consent|accept) (?:to )?(?:the|our) use of cookies…",
    r"(?:accept|allow|reject|decline) (?:all )?cookies",
    r"(?:cookie|privacy) (?:settings|preferences)",
    r"(?:manage|customi[sz]e) (?:cookies|cookie settings|preferences)",
    r"cookie (?:policy|notice|consent)",
    // ar
    r"(?:يستخدم|تستخدم|يستعمل) (?:موقع الويب|الموقع الالكتروني|موقعنا|الموقع|هذا الموقع)(?: الالكتروني)?(?: هذا)? (?:ملفات )?(?:تعريف الارتباط|الكوكيز|ملفات الكوكيز)(?: ?(?:ل|من اجل |بهدف |حتى )…)?",
    r"(?:نحن )?نستخدم (?:ملفات )?(?:تعريف الارتباط|الكوكيز)(?: ?(?:ل|من اجل |بهدف )…)?",
    r"سنفترض (?:انك|انكم) (?:موافق|موافقون|توافق) على (?:ذلك|هذا)",
    r"(?:ولكن |لكن )?(?:يمكنك|يمكنكم) (?:الغاء الاشتراك|الانسحاب|الرفض|إلغاء الاشتراك) (?:اذا|ان) (?:كنت|كنتم) (?:ترغب|ترغبون)(?: في ذلك)?",
    r"(?:قبول|رفض) (?:جميع )?(?:ملفات )?(?:تعريف الارتباط|الكوكيز)",
    r"(?:اعدادات|سياسة) (?:ملفات )?(?:تعريف الارتباط|الكوكيز)",
    // fr
    r"ce site(?: web| internet)? utilise des cookies…",
    r"nous utilisons des cookies(?: (?:pour|afin de) …)?",
    r"nous supposerons que vous (?:etes|etes) d['’]accord(?: avec cela)?",
    r"(?:mais )?vous pouvez (?:vous desinscrire|refuser|vous desabonner) si vous le (?:souhaitez|desirez)",
    r"en poursuivant votre navigation…,? vous acceptez l['’]utilisation de(?:s)? cookies…",
    r"(?:accepter|refuser) (?:tous )?(?:les )?cookies",
    r"(?:parametres|gestion|politique) (?:des )?cookies",
    // es, pt
    r"(?:este|nuestro) sitio(?: web)? (?:utiliza|usa) cookies…",
    r"(?:utilizamos|usamos) cookies(?: (?:para|con el fin de) …)?",
    r"asumiremos que (?:esta|estas) de acuerdo(?: con (?:esto|ello))?",
    r"(?:pero )?(?:puede|puedes) (?:optar por no participar|darse de baja|rechazarlas?) si (?:lo )?(?:desea|deseas)",
    r"(?:aceptar|rechazar) (?:todas )?(?:las )?cookies",
    r"(?:configuracion|politica) de cookies",
    r"(?:este|o nosso) (?:site|sitio)(?: web)? (?:utiliza|usa) cookies…",
    r"vamos assumir que (?:esta|voce esta) de acordo(?: com isso)?",
    r"(?:mas )?(?:voce )?pode (?:optar por sair|cancelar) se (?:desejar|quiser)",
    r"(?:aceitar|rejeitar) (?:todos )?(?:os )?cookies",
    r"(?:configuracoes|politica) de cookies",
    // ru
    r"(?:этот|наш) (?:веб-?сайт|сайт) (?:использует|применяет) (?:файлы )?cookie(?:s)?(?: (?:для|чтобы) …)?",
    r"мы используем (?:файлы )?cookie(?:s)?(?: (?:для|чтобы) …)?",
    r"мы будем (?:считать|исходить из того),? что вы (?:согласны|не возражаете)(?: с этим)?",
    r"(?:но )?вы можете отказаться(?:,)? если (?:хотите|пожелаете)",
    r"(?:принять|отклонить) (?:все )?(?:файлы )?cookie(?:s)?",
    r"(?:настройки|политика) (?:файлов )?cookie(?:s)?",
    // zh
    r"本网站使用 ?cookies?…",
    r"(?:本|该)网站使用(?:缓存|小型文本文件)…",
    r"我们(?:使用|利用) ?cookies?…",
    r"我们(?:假设|将假定)(?:您|你)(?:同意|对此没有异议)…",
    r"(?:但)?如果(?:您|你)(?:愿意|希望)…(?:选择退出|退出)",
    r"(?:接受|拒绝)(?:所有)? ?cookies?",
    r"cookies? ?(?:设置|政策)",
    // fa
    r"(?:این|ما) (?:وب ?سایت|سایت|تارنما)? ?(?:از )?(?:کوکی ?ها|کوکی ?های…|کوکی) …(?:استفاده|بهره) می ?(?:کند|کنیم|برد)",
    r"ما (?:فرض می ?کنیم|فرض را بر این می ?گذاریم) (?:که )?(?:شما )?(?:با (?:این|آن) )?موافق(?: هستید|ید)",
    r"(?:اما |ولی )?(?:در صورت تمایل|اگر مایل باشید)،? (?:می ?توانید )?انصراف (?:دهید|بدهید)",
    r"(?:پذیرش|قبول|رد) (?:همه )?(?:کوکی ?ها|کوکی)",
    r"(?:تنظیمات|سیاست) (?:کوکی ?ها|کوکی)",
    // ur
    r"یہ (?:ویب ?سائٹ|سائٹ) …(?:کوکیز|کوکی) (?:کا )?استعمال کرتی ہے",
    r"ہم …(?:کوکیز|کوکی) (?:کا )?استعمال کرتے ہیں",
    r"ہم (?:فرض کریں گے|یہ سمجھیں گے) کہ آپ (?:اس سے )?(?:متفق|راضی) ہیں",
    r"(?:لیکن )?(?:اگر آپ چاہیں تو|آپ چاہیں تو) (?:آپ )?(?:آپٹ آؤٹ|دستبردار ہو) سکتے ہیں",
    r"(?:کوکیز|کوکی) (?:قبول|مسترد) کریں",
    r"(?:کوکی|کوکیز) (?:کی )?(?:ترتیبات|پالیسی)",
];

/// Link and button labels that stand alone on a line once a page is turned
/// into text: the buttons of the consent banner, "read more" teasers,
/// sharing and printing tools, and subscription prompts. Alone they are
/// never a paragraph of a statement. Words a transcript line can be on its
/// own ("OK.", "Agree.", "Close.") are left out.
pub const LABELS: &[&str] = &[
    // en
    r"accept(?: all)?",
    r"reject(?: all)?",
    r"decline",
    r"(?:read|see|learn|view) more",
    r"continue reading",
    r"read the full (?:story|article|statement)",
    r"click here(?: to …)?",
    r"share(?: this)?(?: (?:page|article|story|post))?(?: (?:on|via) (?:facebook|twitter|x|linkedin|whatsapp|email|telegram|reddit))?",
    r"facebook",
    r"twitter",
    r"tweet",
    r"linkedin",
    r"whatsapp",
    r"telegram",
    r"e-?mail(?: (?:this|page|article))?",
    r"print(?: this)?(?: (?:page|article))?",
    r"copy link",
    r"link copied",
    r"subscribe(?: (?:now|to (?:updates|our newsletter|this feed)))?",
    r"sign up for (?:updates|email updates|our newsletter)",
    r"(?:get|receive) email updates",
    // ar
    r"قبول(?: الكل)?",
    r"رفض(?: الكل)?",
    r"(?:اقرا|قراءة|اقرأ) (?:المزيد|المزيد من المعلومات)",
    r"المزيد",
    r"(?:مشاركة|شارك)(?: (?:على|عبر) (?:فيسبوك|فيس بوك|تويتر|واتساب|البريد الالكتروني))?",
    r"(?:مشاركة|شارك) (?:هذا|هذه الصفحة|المقال|الخبر)",
    r"(?:طباعة|اطبع)(?: (?:الصفحة|هذه الصفحة))?",
    r"(?:ارسال )?(?:بالبريد|عبر البريد) الالكتروني",
    r"البريد الالكتروني",
    r"فيسبوك",
    r"تويتر",
    r"(?:اشترك|الاشتراك)(?: (?:الان|في النشرة(?: البريدية)?|للحصول على التحديثات))?",
    // fr
    r"accepter(?: tout)?",
    r"refuser(?: tout)?",
    r"(?:en savoir|lire la suite|lire plus|voir plus)(?: plus)?",
    r"partager(?: (?:sur|par) (?:facebook|twitter|x|linkedin|whatsapp|e-?mail|courriel))?",
    r"imprimer(?: (?:cette page|la page))?",
    r"envoyer par (?:e-?mail|courriel)",
    r"(?:s['’]abonner|abonnez-vous)(?: (?:a la lettre d['’]information|aux mises a jour))?",
    // es, pt
    r"aceptar(?: todo)?",
    r"rechazar(?: todo)?",
    r"(?:leer|ver|seguir leyendo|saber) mas",
    r"seguir leyendo",
    r"compartir(?: en (?:facebook|twitter|x|linkedin|whatsapp))?",
    r"imprimir(?: (?:esta pagina|pagina))?",
    r"enviar por correo(?: electronico)?",
    r"correo electronico",
    r"(?:suscribirse|suscribete)(?: (?:al boletin|a las actualizaciones))?",
    r"aceitar(?: todos)?",
    r"rejeitar(?: todos)?",
    r"(?:leia|ler|saiba|ver) mais",
    r"continuar lendo",
    r"compartilhar(?: no (?:facebook|twitter|x|linkedin|whatsapp))?",
    r"enviar por e-?mail",
    r"(?:inscreva-se|assinar)(?: (?:na newsletter|para atualizacoes))?",
    // ru
    r"принять(?: все)?",
    r"отклонить(?: все)?",
    r"(?:подробнее|читать далее|читать дальше|узнать больше|далее)",
    r"поделиться(?: в (?:facebook|twitter|x|telegram|вконтакте))?",
    r"(?:распечатать|печать|версия для печати)",
    r"отправить по (?:электронной почте|e-?mail)",
    r"подписаться(?: на (?:рассылку|обновления|новости))?",
    // zh
    r"接受(?:全部)?",
    r"拒绝(?:全部)?",
    r"(?:阅读更多|了解更多|查看更多|更多|阅读全文|继续阅读)",
    r"分享(?:到)?",
    r"(?:微信|微博|qq空间)",
    r"打印(?:本页|此页)?",
    r"(?:发送|通过)电子邮件(?:发送)?",
    r"电子邮件",
    r"订阅(?:更新|新闻)?",
    // fa
    r"(?:پذیرش|پذیرفتن|قبول)(?: همه)?",
    r"رد(?: همه)?",
    r"(?:ادامه مطلب|بیشتر بخوانید|اطلاعات بیشتر|بیشتر)",
    r"(?:اشتراک ?گذاری|به اشتراک بگذارید)(?: در (?:فیسبوک|توییتر|تلگرام|واتساپ))?",
    r"(?:چاپ|نسخه چاپی)(?: (?:این )?صفحه)?",
    r"(?:ارسال با|ارسال به) (?:ایمیل|پست الکترونیک)",
    r"عضویت در خبرنامه",
    // ur
    r"قبول کریں",
    r"مسترد کریں",
    r"(?:مزید پڑھیں|مزید جانیں|مزید)",
    r"(?:شیئر|شئیر) کریں",
    r"(?:پرنٹ|چھاپیں)(?: کریں)?",
    r"ای ?میل(?: کریں)?",
    r"سبسکرائب کریں",
];

/// Translation disclaimers. The State Department and other foreign
/// ministries put one under every translated statement ("This translation
/// is provided as a courtesy and only the original English source should
/// be considered authoritative"); it is about the page, not the statement.
pub const TRANSLATION_DISCLAIMERS: &[&str] = &[
    r"(?:this|the) translation is provided as a courtesy…",
    r"only the original (?:english )?(?:source|text|version) should be (?:considered|regarded as) authoritative…",
    r"هذه الترجمة (?:هي )?(?:مقدمة|مقدّمة|تقدم|مقدمه) (?:كخدمة|كمجاملة|على سبيل المجاملة)…",
    r"(?:ويعتبر|يعتبر|ويجب اعتبار|يجب اعتبار) (?:النص|المصدر) الاصلي…(?:هو )?(?:النص |المصدر )?(?:الرسمي|المعتمد|الموثوق)…",
    r"cette traduction (?:est fournie|vous est fournie|est offerte) (?:a titre de courtoisie|a titre gracieux|a titre indicatif)…",
    r"seul(?:e)? (?:le texte|la source|la version) (?:original(?:e)?|d['’]origine)…fait foi…",
    r"esta traduccion (?:se )?(?:proporciona|ofrece|brinda|facilita) (?:como|a modo de) cortesia…",
    r"(?:solo|solamente) (?:el texto|la fuente|la version) original…(?:se debe considerar|debe considerarse|se considera) (?:oficial|autorizad[ao]|fidedign[ao])…",
    r"esta traducao (?:e|foi) (?:fornecida|oferecida|disponibilizada) (?:como|por) cortesia…",
    r"(?:somente|apenas) (?:o texto|a fonte|a versao) original…(?:deve ser considerad[ao]|e considerad[ao]) (?:oficial|autorizad[ao]|fidedign[ao])…",
    r"(?:этот|данный|настоящий) перевод (?:предоставлен|предоставляется|выполнен)…(?:из вежливости|в качестве любезности|для удобства|в ознакомительных целях)…",
    r"(?:только|лишь) (?:оригинальный|исходный) (?:текст|источник)…(?:следует считать|считается) (?:официальным|аутентичным|достоверным)…",
    r"(?:本|此)(?:译文|翻译)(?:仅供参考|系礼节性提供|仅为方便阅读)…",
    r"(?:仅|只)(?:以)?(?:英文)?原(?:文|始文本|始来源)(?:为准|为正式文本|具有权威性)…",
    r"(?:این|اين) ترجمه …(?:ارائه|تهیه) (?:شده|می ?شود)…",
    r"(?:تنها|فقط) (?:متن|منبع|نسخه) (?:اصلی|اصلي)…(?:معتبر|رسمی)…",
    r"یہ ترجمہ …فراہم کیا (?:گیا ہے|جاتا ہے)…",
    r"صرف (?:اصل|انگریزی) (?:متن|ماخذ)…(?:مستند|معتبر)…",
];

/// The United States Government website banner ("An official website of
/// the United States Government / Here's how you know"), printed at the top
/// of every .gov page since the U.S. Web Design System made it standard,
/// and its explanation of .gov and HTTPS.
pub const GOVERNMENT_BANNERS: &[&str] = &[
    r"an official website of the united states government",
    r"here['’]?s how you know",
    r"official websites use \.gov",
    r"a \.gov website belongs to an official government organization in the united states",
    r"secure \.gov websites use https",
    r"a lock …or https:// means you['’]ve safely connected to the \.gov website",
    r"share sensitive information only on official,? secure websites",
    r"(?:موقع|الموقع) (?:الكتروني |الالكتروني )?رسمي (?:تابع )?(?:ل|لـ ?|ل ?)?حكومة الولايات المتحدة(?: الامريكية)?",
    r"(?:هكذا|اليك كيف) (?:تعرف|تتاكد)(?: ذلك)?",
    r"un site officiel du gouvernement (?:des etats-unis|americain)",
    r"voici comment (?:le savoir|vous en assurer)",
    r"un sitio (?:web )?oficial del gobierno de (?:los )?estados unidos",
    r"asi es como usted puede verificarlo",
    r"asi es como (?:lo )?sabes",
    r"um (?:site|sitio) oficial do governo dos estados unidos",
    r"veja como (?:voce )?(?:sabe|confirmar)",
    r"официальный (?:веб-?)?сайт правительства (?:сша|соединенных штатов(?: америки)?)",
    r"美国政府(?:官方|的官方)网站",
    r"(?:یک )?(?:وب ?سایت|سایت) رسمی (?:دولت|حکومت) ایالات متحده(?: آمریکا)?",
    r"(?:ریاستہائے|ریاست ہائے) متحدہ (?:امریکہ )?کی حکومت کی (?:ایک )?سرکاری ویب ?سائٹ",
];

/// Site footers and navigation aids: copyright notices, "all rights
/// reserved", "back to top", "skip to main content" and the legal links
/// (privacy policy, terms of use, accessibility, sitemap) every government
/// site repeats on every page.
pub const FOOTERS: &[&str] = &[
    // Copyright lines: the holder's name after the year is free text, and
    // may have full stops in it ("U.S. Department of State").
    r"(?:copyright ?)?©.{0,100}",
    r"copyright (?:\(c\) ?)?(?:19|20)\d\d.{0,100}",
    r"(?:حقوق (?:النشر|الطبع)(?: والنشر)?|جميع الحقوق محفوظة)(?: ?©)?.{0,100}",
    r"all rights reserved",
    r"tous droits reserves",
    r"todos los derechos reservados",
    r"todos os direitos reservados",
    r"все права защищены",
    r"版权所有.{0,60}",
    r"(?:تمامی|کلیه) حقوق (?:این (?:سایت|وب ?سایت) )?(?:محفوظ|متعلق به…)(?: است)?",
    r"جملہ حقوق محفوظ ہیں",
    // Navigation aids.
    r"(?:back|return|go) to (?:the )?top",
    r"skip to (?:main )?content",
    r"skip (?:to )?navigation",
    r"(?:العودة|الرجوع|عودة) (?:الى|إلى) (?:الاعلى|أعلى الصفحة|اعلى الصفحة)",
    r"(?:الانتقال|انتقل) (?:الى|إلى) (?:المحتوى|المحتوى الرئيسي)",
    r"(?:retour|revenir) en haut(?: de (?:la )?page)?",
    r"(?:aller|passer) au contenu(?: principal)?",
    r"(?:volver|ir) (?:arriba|al inicio)",
    r"(?:saltar|ir) al contenido(?: principal)?",
    r"(?:voltar ao topo|ir para o conteudo(?: principal)?|pular para o conteudo)",
    r"(?:наверх|вернуться наверх|перейти к (?:основному )?содержанию)",
    r"(?:返回顶部|跳到主要内容|跳转到主要内容)",
    r"(?:بازگشت به بالا|برو به بالا|رفتن به محتوای اصلی)",
    r"(?:اوپر جائیں|واپس اوپر|مرکزی مواد پر جائیں)",
    // Legal and site links.
    r"privacy(?: policy| notice| statement)?",
    r"terms (?:of use|of service|and conditions)",
    r"accessibility(?: statement)?",
    r"(?:site ?map|contact us|disclaimers?|foia|no fear act|usa\.gov|inspector general|vulnerability disclosure policy)",
    r"external link policy",
    r"(?:legal notices?|imprint|impressum|cookie notice)",
    r"(?:سياسة الخصوصية|الخصوصية|شروط الاستخدام|الشروط والاحكام|اتصل بنا|خريطة الموقع|اخلاء المسؤولية|اخلاء مسؤولية)",
    r"(?:politique de confidentialite|confidentialite|mentions legales|conditions d['’]utilisation|nous contacter|contactez-nous|plan du site|accessibilite)",
    r"(?:politica de privacidad|aviso de privacidad|privacidad|terminos de uso|terminos y condiciones|contactenos|contacto|mapa del sitio|accesibilidad)",
    r"(?:politica de privacidade|privacidade|termos de uso|fale conosco|contato|mapa do site|acessibilidade)",
    r"(?:политика конфиденциальности|конфиденциальность|условия использования|контакты|карта сайта|доступность)",
    r"(?:隐私政策|隐私声明|使用条款|联系我们|网站地图|无障碍)",
    r"(?:حریم خصوصی|سیاست حفظ حریم خصوصی|شرایط استفاده|تماس با ما|نقشه سایت)",
    r"(?:رازداری کی پالیسی|پرائیویسی پالیسی|استعمال کی شرائط|ہم سے رابطہ کریں|سائٹ کا نقشہ)",
];

/// End marks of a press release ("###", "-30-", "End text."): they tell an
/// editor where the release stops and are not part of it.
pub const END_MARKS: &[&str] = &[
    r"(?:# ?){3}",
    r"-30-",
    r"end (?:of )?text",
    r"fin du (?:texte|communique)",
    r"fin del (?:texto|comunicado)",
    r"конец текста",
    r"(?:انتهى|انتهي|-انتهى-)(?: النص)?",
];

/// Every family, for building the matcher and for the tests.
pub const FAMILIES: &[(&str, &[&str])] = &[
    ("consent", CONSENT),
    ("labels", LABELS),
    ("translation disclaimers", TRANSLATION_DISCLAIMERS),
    ("government banners", GOVERNMENT_BANNERS),
    ("footers", FOOTERS),
    ("end marks", END_MARKS),
];
