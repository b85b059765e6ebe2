/*
 * Word lists the person finder reasons with, Indonesian first and English second, all lower case.
 * Written from general knowledge of how news in both languages names people; they are kept
 * general on purpose (offices, honorifics, function words), not lists of particular people.
 */

const words = (list: string): Set<string> => new Set(list.trim().split(/\s+/));

/**
 * Offices and ranks that name a person when they come before a name, in any case: "presiden
 * terpilih Joko Widodo" as well as "Presiden Joko Widodo".
 */
export const OFFICES = words(`
  presiden wapres menteri menlu mendagri menkeu menhan menkes mendikbud mendiknas menag mensos menko
  menkopolhukam menkominfo menaker mentan menpora mendag menperin menpan menparekraf menristek menhub
  menteri kanselir gubernur wagub bupati wabup walikota wawali camat lurah sekjen sekda ketua ketum
  kapolri wakapolri kapolda wakapolda kapolres kapolsek kabareskrim kadiv kabid kasat kapuspen panglima
  pangdam pangkostrad danjen danrem dandim kasad ksad ksal ksau jenderal letjen mayjen brigjen kolonel
  letkol mayor kapten letnan sersan kopral komjen irjen kombes akbp akp kompol iptu ipda aiptu bripka
  brigadir laksamana laksda laksma marsekal marsda marsma komisaris hakim jaksa direktur dirut direksi
  kepala kabag rektor dekan dubes konsul senator komisioner jubir jurubicara pengacara advokat pelatih
  manajer presdir pemimpin pimpinan sekretaris bendahara koordinator kapuspenkum kajati kajari
  mantan capres cawapres caleg cagub cawagub cabup cawabup cawalkot tersangka terdakwa terpidana
  pengamat ekonom peneliti analis pakar aktivis politisi politikus penyanyi aktor aktris pebulutangkis
  petenis pembalap sutradara pengusaha pendiri bernama juru kuasa duta wali perdana staf jendral deputi
  asisten sekertaris ahli mensesneg menkumham menpanrb menparekraf menkomarves menkopmk kasubdit kasat
  president premier minister chancellor governor mayor senator congressman congresswoman representative
  secretary ambassador spokesman spokeswoman spokesperson chairman chairwoman chairperson ceo director
  judge justice general lieutenant colonel captain admiral commander sergeant inspector detective
  prime vice deputy crown coach pope cardinal archbishop bishop reverend rabbi imam emir sheikh ayatollah
  analyst economist lawyer attorney professor actor actress singer leader candidate
`);

/**
 * Offices of a region, which news writes between the office and the name: "Bupati Sleman Sri
 * Purnomo". A name of three words or more after one of them starts with the region.
 */
export const REGIONAL_OFFICES = words(`
  gubernur wagub bupati wabup walikota wawali camat lurah kapolda wakapolda kapolres kapolsek pangdam
  danrem dandim kajati kajari sekda wali
`);

/**
 * Honorifics that name a person only when capitalised, because in lower case they are common
 * words: "ibu kota", "naik haji", "raja minyak".
 */
export const HONORIFICS = words(`
  bapak pak ibu bu gus cak mbak mas kang bang bung uda abah ustaz ustadz ustad kiai kyai habib syekh
  wakil ny nyonya tuan haji hajah hj kh raja ratu sultan pangeran putri paus romo pendeta uskup prof profesor dr ir drs dra
  mr mrs ms miss sir dame lord lady king queen prince princess father sen rep gen lt col capt sgt
`);

/** Titles ending in a full stop: the stop does not end the sentence ("Dr. Tirta", "Prof. Budi"). */
export const ABBREVIATIONS = words(`
  dr prof ir drs dra hj kh h mr mrs ms st sen rep gen lt col capt sgt gov jl no rev
`);

/**
 * Words that may stand between an office and the name without being part of the name:
 * "Menteri Luar Negeri Retno Marsudi", "Ketua Umum PDI Perjuangan Megawati",
 * "Gubernur Jawa Tengah Ganjar Pranowo", "presiden terpilih Joko Widodo".
 */
export const OFFICE_QUALIFIERS = words(`
  wakil perdana wali juru kuasa duta jaksa sekretaris utama umum harian pelaksana tugas plt
  luar negeri dalam keuangan pertahanan perdagangan perindustrian kesehatan pendidikan kebudayaan agama
  sosial koordinator bidang politik hukum keamanan perekonomian kemaritiman investasi bumn pariwisata
  ekonomi kreatif pertanian kelautan perikanan perhubungan pekerjaan perumahan rakyat energi sumber
  daya mineral lingkungan hidup kehutanan ketenagakerjaan tenaga kerja desa pembangunan daerah
  tertinggal transmigrasi agraria tata ruang perencanaan nasional komunikasi informatika pemuda
  olahraga pemberdayaan perempuan perlindungan anak riset teknologi negara aparatur reformasi birokrasi
  koperasi usaha kecil menengah hak asasi manusia kabinet kota kabupaten provinsi dan
  terpilih baru lama sementara nonaktif definitif periode pertama kedua ketiga keempat kelima keenam
  ketujuh kedelapan bicara milik eksekutif polhukam kesra pmk marves pansel panja pansus panitia pusat
  partai fraksi komisi dewan badan majelis mahkamah
  foreign finance defense defence interior home state deputy vice prime chief executive former acting
  senior general crown supreme first opposition of the
`);

/**
 * Speech words before a name: "kata Eva", "ujar Nasir", "Menurut Haposan", "said Smith".
 * Indonesian puts the verb first after a quotation; English does too in "said X".
 */
export const SPEECH_BEFORE = words(`
  kata ujar ucap ungkap tutur jelas tegas tambah imbuh lanjut terang papar sebut seru sambung timpal
  pungkas tukas tandas aku katanya menurut kata-nya
  said says told added asked according
`);

/**
 * Verbs after a name that only a person (or an organisation, which the other rules keep out)
 * does: "Ruhut mengatakan", "Xi mengungkapkan", "Smith said".
 */
export const SPEECH_AFTER = words(`
  mengatakan menyatakan menegaskan menjelaskan mengaku mengakui menuturkan mengungkapkan menyebutkan
  menyebut menilai menambahkan mengimbau meminta berharap berpendapat memaparkan menerangkan
  menekankan mengingatkan membantah menampik menanggapi mengklaim berkata bercerita berujar menandaskan
  mengemukakan menyampaikan mengutarakan mengaku mengeluhkan mengkritik menduga memastikan mengusulkan
  menyatakan menginginkan mengharapkan menceritakan mengingatkan berjanji bersikukuh menolak menyebutnya
  said says told added stated explained noted argued wrote warned insisted claimed recalled announced
  declared urged acknowledged admitted commented replied
`);

/** Adverbs that may stand between a name and its speech verb: "Ruhut juga mengatakan". */
export const SPEECH_ADVERBS = words(`
  juga pun pula kemudian lalu sebelumnya sendiri lantas kembali bahkan sempat telah sudah
  also later then earlier has had
`);

/** Lower-case words after a name and a comma that describe a person: "Sanchez, mahasiswa doktoral". */
export const APPOSITIVES = words(`
  seorang salah mahasiswa mahasiswi dosen guru dokter pengamat peneliti ekonom analis pakar warga
  juru jurubicara ketua wakil anggota direktur kepala pemilik pendiri pengusaha petani nelayan buruh
  politisi politikus kader aktivis istri suami ayah ibu anak putra putri adik kakak mantan calon
  who whose spokesman spokeswoman president director chief head professor
`);

/** Words that join parts of one name and are written in lower case: "Osama bin Laden", "van Gaal". */
export const NAME_PARTICLES = words(`bin binti van von der den de da dos du al el ibn`);

/**
 * Words that begin the name of an organisation, a place, a building or an event: the capitalised
 * words after them belong to that name, not to a person ("Universitas Gadjah Mada", "Jalan Sudirman").
 */
export const ORGANISATION_HEADS = words(`
  partai universitas kementerian kemenko bank pt cv gedung jalan jl kabupaten provinsi kota kecamatan
  kelurahan desa kampung pulau selat gunung sungai danau laut teluk tanjung pantai bandara stasiun
  pelabuhan terminal hotel rumah sakit rs rsud sekolah sma smp sd madrasah pesantren pondok masjid
  gereja pura vihara klenteng pasar mal mall plaza taman lapangan stadion museum monumen istana
  departemen institut akademi politeknik fakultas yayasan lembaga badan komisi dewan majelis mahkamah pengadilan
  kejaksaan kepolisian polda polres polsek kodam korem kodim lanud lantamal direktorat dinas kantor
  balai biro divisi komando markas asosiasi persatuan perhimpunan ikatan himpunan serikat gerakan
  front forum koalisi fraksi organisasi perusahaan grup group koperasi kantor pemerintah pemprov pemkot
  pemkab pemda kabinet piala liga festival konferensi kongres muktamar musyawarah sidang undang
  peraturan hari tahun operasi program proyek tim klub tugu undang-undang
  university ministry department party council committee commission court tribunal corporation company
  association institute foundation agency office house senate congress parliament street road avenue
  airport station hospital school college church mosque temple island river mount mountain lake sea
  strait gulf bay city county province state republic kingdom union federation organization
  organisation forces army navy police times post news journal daily press network games cup league
  championship summit treaty act fund bureau authority board centre center club team
`);

/** Days and months in both languages. */
export const CALENDAR = words(`
  senin selasa rabu kamis jumat jum'at sabtu minggu ahad
  januari februari pebruari maret april mei juni juli agustus september oktober november nopember desember
  monday tuesday wednesday thursday friday saturday sunday
  january february march may june july august october december
`);

/**
 * Places in Indonesia that news writes next to offices ("Gubernur Jawa Tengah …", "Wali Kota
 * Surabaya …") and that are never persons: provinces and the largest cities, plus compass words.
 */
export const PLACES = words(`
  aceh sumatera sumatra utara selatan barat timur tengah tenggara daya laut riau jambi bengkulu lampung
  bangka belitung kepulauan jawa jakarta dki banten yogyakarta jogja yogya diy bali nusa kalimantan
  sulawesi gorontalo maluku papua irian jaya pegunungan
  ampat los las
  medan palembang padang pekanbaru batam bandung bekasi bogor depok tangerang semarang solo surakarta
  surabaya malang denpasar mataram kupang pontianak balikpapan samarinda banjarmasin palangkaraya
  makassar manado palu kendari ambon jayapura sorong cirebon tasikmalaya serang cilegon sidoarjo
  jabar jateng jatim jabodetabek sumut sumbar sumsel sulsel sulut sulteng kalbar kalteng kaltim
  kalsel ntt ntb menteng senayan kuningan sudirman thamrin monas merdeka
  asia eropa afrika amerika australia timur-tengah pasifik atlantik
  north south east west central northern southern eastern western new
`);

/**
 * Organisations written as one capitalised word that news uses like a name: parties, police and
 * ministries known by their short forms, and the seats of power that stand for governments.
 */
export const ORGANISATIONS = words(`
  golkar gerindra demokrat nasdem hanura perindo perjuangan pdip polri kemenkeu kemlu kemendagri
  kemenag kemenkes kemendikbud kemenhan kemenhub kominfo bareskrim kejagung kejati kejari densus
  brimob kopassus kostrad basarnas bappenas bawaslu bulog pertamina telkom muhammadiyah ansor
  kemdikbud kemenkumham kemensos kemnaker kemenristek kemenpan setneg kemensetneg istana kremlin pentagon whitehall downing
  reuters antara kompas tempo detik republika
`);

/**
 * Words capitalised at the start of a sentence or in titles that are not names: function words,
 * pronouns, sentence openers, common nouns of news, and numbers. A word that also appears in
 * lower case in the same article is treated the same way, so this list only needs what a
 * single article might not show in lower case.
 */
export const COMMON_WORDS = words(`
  di ke dari pada dalam untuk dengan oleh kepada bagi tentang terhadap antara sejak hingga sampai
  sebelum sesudah setelah selama ketika saat waktu sambil seraya walau walaupun meski meskipun
  namun tetapi tapi sedangkan sementara padahal karena sebab jika kalau apabila bila agar supaya
  sehingga maka lalu kemudian lantas selain serta atau dan juga pun bahkan hanya cuma sudah telah
  akan sedang masih belum tidak tak bukan jangan boleh bisa dapat harus perlu mau ingin
  ini itu tersebut sini situ sana begitu begini demikian yang adalah ialah merupakan yaitu yakni
  saya aku kami kita anda engkau kamu dia ia beliau mereka kalian
  apa siapa mana kapan bagaimana mengapa kenapa berapa
  ada para sang si semua seluruh setiap tiap beberapa banyak sedikit sebagian berbagai
  satu dua tiga empat lima enam tujuh delapan sembilan sepuluh seratus seribu
  pertama kedua ketiga keempat kelima keenam
  menurut berdasarkan terkait mengenai soal tentang sebelumnya selanjutnya sesudahnya akhirnya
  kini sekarang nanti kemarin besok tadi lusa dulu dahulu pagi siang sore malam
  pihak pihaknya sumber warga masyarakat rakyat pemerintah polisi petugas aparat pejabat korban
  pelaku tersangka saksi keluarga pasien dokter tim anggota kader relawan pendukung bersaudara nomor
  islam kristen katolik protestan hindu buddha budha konghucu muslim yahudi christian catholic jewish
  lebih paling sangat cukup agak terlalu makin semakin pula
  berita baca lihat simak foto video galeri iklan artikel halaman loading advertisement
  selamat terima kasih salam hai halo ya oh wah
  the a an and or but nor for so yet if when while after before since until because as at by from
  in into of off on onto out over to under up with within without about above across against among
  this that these those there here then than thus also however meanwhile moreover although though
  i you he she it we they me him her us them my your his its our their who whom whose what which
  where why how all any both each every few many most other others some such no not only own same
  one two three four five six seven eight nine ten first second third last next new
  officials police authorities residents witnesses analysts experts critics sources investigators
  prosecutors officers troops soldiers rebels protesters scientists researchers people citizens
  today yesterday tomorrow tonight earlier later now read watch photo
`);

/** Two-word offices whose second word is otherwise an ordinary word or a name: "Jaksa Agung Burhanuddin". */
export const OFFICE_PAIRS = new Set(['wali kota', 'jaksa agung', 'hakim agung', 'imam besar', 'duta besar', 'guru besar', 'menteri besar']);

/** Organisation and place heads that also work in lower case: "kota Bogor", "partai Gerindra". */
export const LOWER_CASE_HEADS = words(`
  kota kabupaten provinsi kecamatan kelurahan desa kampung pulau selat gunung sungai danau laut teluk
  tanjung pantai bandara stasiun pelabuhan terminal jalan hotel pasar gedung universitas partai bank
  masjid gereja
`);

/** Words before a capitalised word that make it a place: "di Samarinda", "from Jakarta". */
export const PLACE_PREPOSITIONS = words(`di ke dari menuju asal sekitar in at from into`);

/** Short words that headlines leave in lower case: "Putin Serukan Peta Jalan Perdamaian China untuk Ukraina". */
export const HEADLINE_LOWER_CASE = words(`
  untuk dengan yang dari pada dalam kepada oleh atau tapi serta soal bagi jadi akan ini itu usai
  jelang demi dan di ke
  for with from into over that this than the and of to in on at by as is are was be a an vs
`);

/** Words that end the names of companies, prizes and indexes: "Global Mediacom Tbk", "Rooseno Award". */
export const ORGANISATION_TAILS = words(`tbk inc corp ltd llc plc co persero holdings award awards average index indeks`);

/** Regnal numbers written after a name: "Abdullah II". */
export const REGNAL_NUMBERS = words(`ii iii iv vi vii viii`);

/**
 * Common nouns and adjectives, Indonesian then English, that news capitalises inside the names of
 * bodies, laws, programmes, events and things ("Surat Tanda Registrasi", "Komunitas Ekonomi",
 * "Federal Reserve"); two of them side by side are not a person.
 */
export const COMMON_NOUNS = words(`
  surat tanda kartu nomor pasal ayat bab undang rancangan kitab hukum aturan kebijakan keputusan
  program proyek operasi misi gerakan aksi kampanye anggaran pajak bea cukai harga pasar saham
  bursa modal uang kredit utang asuransi jiwa jasa penghargaan piagam medali piala hadiah
  kawasan konservasi wilayah daerah dataran tinggi rendah lembah bukit hutan tanah air api udara
  angkatan darat laut pasukan tentara polisi rudal senjata kapal pesawat kereta mobil motor
  komunitas ekonomi politik sosial budaya agama pendidikan ilmu pengetahuan teknologi sains riset
  informasi publik umum khusus nasional internasional regional global lokal pusat daerah utama
  unit kerja tim satuan tugas divisi seksi bagian urusan fungsi layanan sistem jaringan data
  barisan laskar front brigade batalyon resimen kompi peleton detasemen satgas
  pemilu pilkada pilpres pileg legislatif eksekutif yudikatif konstitusi demokrasi reformasi republik
  federal negeri dalam luar besar kecil baru lama raya maha esa tunggal hubungan pasangan
  beton baja besi emas perak minyak gas listrik energi tenaga batu bara
  radio televisi koran majalah harian mingguan bisnis berita suara media pers kantor cabang
  otoritas edukasi konsumen perlindungan pengawasan infrastruktur transportasi kesehatan lingkungan
  sekretariat gabungan kelompok kerja ahli pakar staf asisten deputi pengurus penyelenggara
  darul pondok dusun kampung jalan gang blok kompleks perumahan apartemen menara tugu monumen
  timnas pelatnas tim kontingen delegasi rombongan
  national international global federal royal general united world energy power oil gas airlines
  airways motors systems services solutions technologies media communications capital investment
  securities insurance reserve exchange market markets trade development research health medical
  human rights watch peace security justice public affairs relations studies science sciences arts
  music film prize gallery library park garden gardens botanical tropical operation region home
  shopping industrial average deposit ratio photography ballet watt mega heights plaines
  bank fund trust group holdings partners ventures global digital online network
`);

/**
 * Lower-case words that are followed by a person's name, not a place's or a body's: "pasangan
 * Prabowo", "kepemimpinan Jokowi", "istri Budi", "alias Ical".
 */
export const PERSON_BEFORE = words(`
  pasangan pemerintahan kepemimpinan kubu era rezim sosok figur alias istri suami anak putra putri
  ayah ibunda ayahanda adik kakak cucu keponakan mendiang almarhum almarhumah rekan sahabat loyalis
  kakak-beradik bersaudara saudara menemui melantik memanggil menggantikan mengusung mencalonkan
  dipimpin digantikan mewawancarai menghubungi
  wife husband son daughter brother sister named nicknamed late
`);
